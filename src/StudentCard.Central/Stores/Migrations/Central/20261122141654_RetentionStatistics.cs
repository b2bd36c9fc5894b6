using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentCard.Central.Stores.Migrations.Central
{
    /// <inheritdoc />
    public partial class RetentionStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HourlyCounts",
                columns: table => new
                {
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReaderId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hour = table.Column<long>(type: "INTEGER", nullable: false),
                    Direction = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Passes = table.Column<int>(type: "INTEGER", nullable: false),
                    Refusals = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HourlyCounts", x => new { x.Purpose, x.ReaderId, x.Hour, x.Direction });
                });

            migrationBuilder.CreateIndex(
                name: "IX_HourlyCounts_Hour",
                table: "HourlyCounts",
                column: "Hour");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HourlyCounts");
        }
    }
}
