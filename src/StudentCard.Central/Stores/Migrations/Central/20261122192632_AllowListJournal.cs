using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StudentCard.Central.Stores.Migrations.Central
{
    /// <inheritdoc />
    public partial class AllowListJournal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The journal of entitlement changes lives below the model: triggers write it, so every change is recorded, made
            // through change tracking, ExecuteDelete/ExecuteUpdate or by another process on the same file. A row's Stamp is
            // the purpose's allow-list version read when the change was written; the version the change belongs to is
            // Stamp or Stamp + 1 (the bump may come before or after it in the transaction). See AllowList/AllowListJournal.
            migrationBuilder.Sql("""
                CREATE TABLE "AllowListJournal" (
                    "Id" INTEGER NOT NULL PRIMARY KEY,
                    "Purpose" TEXT NOT NULL,
                    "Pseudonym" TEXT NOT NULL,
                    "Stamp" INTEGER NOT NULL);
                """);
            migrationBuilder.Sql("""CREATE INDEX "IX_AllowListJournal_Purpose_Stamp" ON "AllowListJournal" ("Purpose", "Stamp");""");
            migrationBuilder.Sql("""CREATE INDEX "IX_AllowListJournal_Pseudonym" ON "AllowListJournal" ("Pseudonym");""");
            // From which held version the journal is complete, per purpose: today's version for the lists that exist now.
            migrationBuilder.Sql("""
                CREATE TABLE "AllowListJournalStarts" (
                    "Purpose" TEXT NOT NULL PRIMARY KEY,
                    "FromVersion" INTEGER NOT NULL);
                """);
            migrationBuilder.Sql("""INSERT INTO "AllowListJournalStarts" ("Purpose", "FromVersion") SELECT "Purpose", "Version" FROM "AllowListVersions";""");
            // When the pruner first saw each version, so the journal can be kept for a number of days.
            migrationBuilder.Sql("""
                CREATE TABLE "AllowListJournalMarks" (
                    "Purpose" TEXT NOT NULL,
                    "Version" INTEGER NOT NULL,
                    "SeenAt" INTEGER NOT NULL,
                    PRIMARY KEY ("Purpose", "Version"));
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AllowListJournal_Insert" AFTER INSERT ON "Entitlements"
                BEGIN
                    INSERT INTO "AllowListJournal" ("Purpose", "Pseudonym", "Stamp")
                    VALUES (NEW."Purpose", NEW."Pseudonym", COALESCE((SELECT "Version" FROM "AllowListVersions" WHERE "Purpose" = NEW."Purpose"), 0));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AllowListJournal_Update" AFTER UPDATE ON "Entitlements"
                BEGIN
                    INSERT INTO "AllowListJournal" ("Purpose", "Pseudonym", "Stamp")
                    SELECT OLD."Purpose", OLD."Pseudonym", COALESCE((SELECT "Version" FROM "AllowListVersions" WHERE "Purpose" = OLD."Purpose"), 0)
                    WHERE OLD."Purpose" <> NEW."Purpose" OR OLD."Pseudonym" <> NEW."Pseudonym";
                    INSERT INTO "AllowListJournal" ("Purpose", "Pseudonym", "Stamp")
                    VALUES (NEW."Purpose", NEW."Pseudonym", COALESCE((SELECT "Version" FROM "AllowListVersions" WHERE "Purpose" = NEW."Purpose"), 0));
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AllowListJournal_Delete" AFTER DELETE ON "Entitlements"
                BEGIN
                    INSERT INTO "AllowListJournal" ("Purpose", "Pseudonym", "Stamp")
                    VALUES (OLD."Purpose", OLD."Pseudonym", COALESCE((SELECT "Version" FROM "AllowListVersions" WHERE "Purpose" = OLD."Purpose"), 0));
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AllowListJournal_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AllowListJournal_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AllowListJournal_Insert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "AllowListJournalMarks";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "AllowListJournalStarts";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "AllowListJournal";""");
        }
    }
}
