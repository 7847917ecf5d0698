using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MmsGateway.Registry.Model.Migrations
{
    /// <inheritdoc />
    public partial class NodeLoad : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Load",
                table: "Nodes",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Load",
                table: "Nodes");
        }
    }
}
