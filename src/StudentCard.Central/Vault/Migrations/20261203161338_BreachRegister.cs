using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentCard.Central.Vault.Migrations
{
    /// <inheritdoc />
    public partial class BreachRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Breaches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DiscoveredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    DataCategories = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ApproximatePupils = table.Column<int>(type: "INTEGER", nullable: true),
                    ApproximateRecords = table.Column<int>(type: "INTEGER", nullable: true),
                    Consequences = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Measures = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Risk = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AuthorityDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AuthorityNotifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AuthorityReference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DelayReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    InformPupils = table.Column<bool>(type: "INTEGER", nullable: true),
                    InformDecisionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    InformDecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PupilsInformedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PupilsInformedChannel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ProposalSource = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosingNote = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Breaches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BreachPupils",
                columns: table => new
                {
                    BreachId = table.Column<long>(type: "INTEGER", nullable: false),
                    StudentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreachPupils", x => new { x.BreachId, x.StudentId });
                    table.ForeignKey(
                        name: "FK_BreachPupils_Breaches_BreachId",
                        column: x => x.BreachId,
                        principalTable: "Breaches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_BreachPupils_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BreachPupils_StudentId",
                table: "BreachPupils",
                column: "StudentId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BreachPupils");

            migrationBuilder.DropTable(
                name: "Breaches");
        }
    }
}
