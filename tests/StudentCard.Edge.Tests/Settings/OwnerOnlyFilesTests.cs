using StudentCard.Core;
using StudentCard.Core.Messaging;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Safety;
using StudentCard.Tests.Shared;

namespace StudentCard.Edge.Tests.Settings;

public sealed class OwnerOnlyFilesTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 7, 45, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("sc-owner-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Under_the_usual_umask_the_outbox_with_its_wal_and_shm_the_site_mode_and_the_allow_list_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var data = Path.Combine(_root, "edge");
        using (OwnerOnly.UnderUsualUmask())
        using (var outbox = new PassageOutbox(Path.Combine(data, "outbox.db")))
        {
            outbox.Add(new PassageMessage(Guid.CreateVersion7(T0), "gate-1", "gate", 1.ToString("x32"), 1, T0, "allow", "none", "in"));
            new SiteModeFile(data).Write(MessageJson.Serialize(new SiteModeMessage("north", "lockdown", [], 7, T0)));
            new AllowListFile(Path.Combine(data, "allowlist-gate.bin")).Write(
                AllowListSnapshot.Create(3, [new AllowListEntry(2.ToString("x32"), T0, T0.AddDays(1))], T0), ReaderType.Gate);

            var names = OwnerOnly.Modes(data).Select(m => m.Path).ToList();
            Assert.Equal(["allowlist-gate.bin", "outbox.db", "outbox.db-shm", "outbox.db-wal", SiteModeFile.FileName], names.Where(n => n != ".").Order(StringComparer.Ordinal));
            Assert.Empty(OwnerOnly.NotOwnerOnly(data));
        }
    }

    [Fact]
    public void A_copy_written_before_files_were_owner_only_is_narrowed_when_it_is_written_again()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var data = Path.Combine(_root, "edge");
        Directory.CreateDirectory(data, OwnerOnly.Folder);
        var siteMode = new SiteModeFile(data);
        File.WriteAllText(siteMode.Path + ".tmp", "");
        File.SetUnixFileMode(siteMode.Path + ".tmp", OwnerOnly.File | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        siteMode.Write(MessageJson.Serialize(new SiteModeMessage("north", "normal", [], 8, T0)));

        Assert.Equal(OwnerOnly.File, File.GetUnixFileMode(siteMode.Path));
    }
}
