using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MmsGateway.Registry.Model.Migrations
{
    /// <inheritdoc />
    public partial class OperatorTls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Operators from before get what new ones get: opportunistic TLS (OutboundTls.Opportunistic = 1).
            migrationBuilder.AddColumn<int>(
                name: "Tls",
                table: "Operators",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "TlsCaFile",
                table: "Operators",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TlsPin",
                table: "Operators",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Tls",
                table: "Operators");

            migrationBuilder.DropColumn(
                name: "TlsCaFile",
                table: "Operators");

            migrationBuilder.DropColumn(
                name: "TlsPin",
                table: "Operators");
        }
    }
}
