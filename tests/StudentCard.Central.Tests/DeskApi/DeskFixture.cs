using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.Audit;
using StudentCard.Central.DeskApi;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;
using StudentCard.Core.Synthetic;

namespace StudentCard.Central.Tests.DeskApi;

/// <summary>A real Central with a registered desk, gRPC clients speaking to it with any credentials, and the stores' full contents.</summary>
public sealed class DeskFixture : IAsyncDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    private DeskFixture(TestCentral central, string deskSecret)
    {
        Central = central;
        DeskSecret = deskSecret;
    }

    public const string DeskId = "desk-1";

    public TestCentral Central { get; }

    public string DeskSecret { get; }

    public DeskRegistry Desks => Central.Services.GetRequiredService<DeskRegistry>();

    public static async Task<DeskFixture> StartAsync()
    {
        var central = await TestCentral.StartAsync();
        return new DeskFixture(central, (await central.Local.RegisterDeskAsync(DeskId)).Secret);
    }

    /// <summary>The desk client with this desk's own credentials.</summary>
    internal EnrollmentDeskClient Desk() => Client(("x-desk-id", DeskId), ("x-desk-secret", DeskSecret));

    /// <summary>A desk-service client sending exactly these metadata entries.</summary>
    internal EnrollmentDeskClient Client(params (string Key, string Value)[] headers)
    {
        var channel = GrpcChannel.ForAddress(Central.Endpoints.GrpcUrl);
        _channels.Add(channel);
        var invoker = channel.Intercept(metadata =>
        {
            foreach (var (key, value) in headers)
            {
                metadata.Add(key, value);
            }
            return metadata;
        });
        return new EnrollmentDeskClient(invoker);
    }

    /// <summary>A pupil in the vault (as a roster import leaves them) with a gate right and no card yet.</summary>
    public Task<long> AddStudentWithoutCardAsync(SyntheticStudent pupil, params ReaderType[] purposes) =>
        Central.Local.AddPupilWithoutCardAsync(pupil, Roster.Now.AddDays(-1), Roster.Now.AddDays(30), purposes);

    /// <summary>Every row of the vault and the purpose store, as text, so "nothing changed" is one comparison.</summary>
    public async Task<string> StoresAsync()
    {
        await using var vault = Central.VaultDb();
        await using var central = Central.CentralDb();
        var parts = new List<string>();
        parts.AddRange(await vault.Students.OrderBy(s => s.Id).Select(s => $"S {s.Id} {s.StudentNumber}").ToListAsync());
        parts.AddRange(await vault.Cards.OrderBy(c => c.Id).Select(c => $"C {c.Id} {c.StudentId} {c.CardToken} {c.Status}").ToListAsync());
        parts.AddRange(await central.Entitlements.OrderBy(e => e.Id).Select(e => $"E {e.Id} {e.Purpose} {e.Pseudonym} {e.KeyVersion}").ToListAsync());
        parts.AddRange(await central.AllowListVersions.OrderBy(v => v.Purpose).Select(v => $"V {v.Purpose} {v.Version}").ToListAsync());
        return string.Join("\n", parts);
    }

    public async Task<List<AuditEntry>> AuditAsync()
    {
        await using var audit = await Central.Services.GetRequiredService<IDbContextFactory<AuditDbContext>>().CreateDbContextAsync();
        return await audit.Entries.OrderBy(e => e.Sequence).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }
        await Central.DisposeAsync();
    }
}
