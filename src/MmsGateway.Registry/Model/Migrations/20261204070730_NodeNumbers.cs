using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MmsGateway.Registry.Model.Migrations
{
    /// <inheritdoc />
    public partial class NodeNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Number",
                table: "Nodes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Nodes_Number",
                table: "Nodes",
                column: "Number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Nodes_Number",
                table: "Nodes");

            migrationBuilder.DropColumn(
                name: "Number",
                table: "Nodes");
        }
    }
}
