using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentCard.Central.Vault.Migrations
{
    /// <inheritdoc />
    public partial class RosterAndSubjectRequests : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeactivatedAt",
                table: "Students",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Grades",
                table: "Students",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrgSourcedId",
                table: "Students",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RestrictedAt",
                table: "Students",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourcedId",
                table: "Students",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Guardians",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SourcedId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GivenName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Guardians", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StudentGuardians",
                columns: table => new
                {
                    StudentId = table.Column<long>(type: "INTEGER", nullable: false),
                    GuardianId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StudentGuardians", x => new { x.StudentId, x.GuardianId });
                    table.ForeignKey(
                        name: "FK_StudentGuardians_Guardians_GuardianId",
                        column: x => x.GuardianId,
                        principalTable: "Guardians",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StudentGuardians_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SubjectRequests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StudentId = table.Column<long>(type: "INTEGER", nullable: true),
                    Requester = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    GuardianId = table.Column<long>(type: "INTEGER", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExtensionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    VerificationMethod = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    VerifiedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FreeCopy = table.Column<bool>(type: "INTEGER", nullable: true),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    RefusedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefusalReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    NotificationDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NotifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NotificationChannel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubjectRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubjectRequests_Guardians_GuardianId",
                        column: x => x.GuardianId,
                        principalTable: "Guardians",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_SubjectRequests_Students_StudentId",
                        column: x => x.StudentId,
                        principalTable: "Students",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Students_SourcedId",
                table: "Students",
                column: "SourcedId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Guardians_SourcedId",
                table: "Guardians",
                column: "SourcedId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StudentGuardians_GuardianId",
                table: "StudentGuardians",
                column: "GuardianId");

            migrationBuilder.CreateIndex(
                name: "IX_SubjectRequests_GuardianId",
                table: "SubjectRequests",
                column: "GuardianId");

            migrationBuilder.CreateIndex(
                name: "IX_SubjectRequests_StudentId_Kind",
                table: "SubjectRequests",
                columns: new[] { "StudentId", "Kind" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StudentGuardians");

            migrationBuilder.DropTable(
                name: "SubjectRequests");

            migrationBuilder.DropTable(
                name: "Guardians");

            migrationBuilder.DropIndex(
                name: "IX_Students_SourcedId",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "DeactivatedAt",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "Grades",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "OrgSourcedId",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "RestrictedAt",
                table: "Students");

            migrationBuilder.DropColumn(
                name: "SourcedId",
                table: "Students");
        }
    }
}
