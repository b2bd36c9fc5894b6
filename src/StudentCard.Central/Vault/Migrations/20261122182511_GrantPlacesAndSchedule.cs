using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentCard.Central.Vault.Migrations
{
    /// <inheritdoc />
    public partial class GrantPlacesAndSchedule : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Places",
                table: "StudentPurposes",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Schedule",
                table: "StudentPurposes",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Places",
                table: "StudentPurposes");

            migrationBuilder.DropColumn(
                name: "Schedule",
                table: "StudentPurposes");
        }
    }
}
