using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Tests.Support;
using StudentCard.Core;

namespace StudentCard.Central.Tests.ReaderAccounts;

public sealed class ReaderRegistryTests : IAsyncLifetime
{
    private TestCentral _central = null!;

    public async Task InitializeAsync() => _central = await TestCentral.StartAsync();

    public async Task DisposeAsync() => await _central.DisposeAsync();

    [Fact]
    public async Task A_registered_reader_authenticates_with_its_random_secret_which_is_stored_only_as_a_digest()
    {
        var secret = await _central.Readers.RegisterAsync("bus-3", ReaderType.Bus);

        var reader = await _central.Readers.AuthenticateAsync("bus-3", secret);

        Assert.Equal(new RegisteredReader("bus-3", ReaderType.Bus), reader);
        Assert.Equal(ReaderSecretHasher.SecretBytes, Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=").Length);
        await using var db = _central.CentralDb();
        var stored = await db.Readers.SingleAsync();
        Assert.StartsWith("sha256$", stored.SecretHash);
        Assert.DoesNotContain(secret, stored.SecretHash);
        Assert.Equal($"sha256${Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(secret.Replace('-', '+').Replace('_', '/') + "=")))}", stored.SecretHash);
    }

    [Fact]
    public async Task A_secret_stored_by_an_older_release_as_PBKDF2_still_signs_in_and_is_then_stored_as_a_digest()
    {
        var secret = await _central.Readers.RegisterAsync("gate-5", ReaderType.Gate);
        await using (var db = _central.CentralDb())
        {
            // The form an older release stored; only its own code wrote it, so the test writes it as that release did.
            var legacy = OlderReleaseHash(secret);
            await db.Readers.Where(r => r.Id == "gate-5").ExecuteUpdateAsync(r => r.SetProperty(x => x.SecretHash, legacy));
        }
        // Registering does not fill the registry's cache: the first check below reads the old form from the store.
        Assert.Equal(ReaderCheckOutcome.WrongSecret, (await _central.Readers.CheckAsync("gate-5", ReaderSecretHasher.NewSecret())).Outcome);
        Assert.Equal(ReaderCheckOutcome.Authenticated, (await _central.Readers.CheckAsync("gate-5", secret)).Outcome);

        await using (var db = _central.CentralDb())
        {
            Assert.StartsWith("sha256$", (await db.Readers.SingleAsync(r => r.Id == "gate-5")).SecretHash);
        }
        Assert.Equal(ReaderCheckOutcome.Authenticated, (await _central.Readers.CheckAsync("gate-5", secret)).Outcome);
        Assert.Equal(ReaderCheckOutcome.WrongSecret, (await _central.Readers.CheckAsync("gate-5", secret[..^1])).Outcome);
    }

    private static string OlderReleaseHash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, 10_000, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256$10000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    [Fact]
    public async Task Unknown_ids_wrong_secrets_and_revoked_readers_do_not_authenticate()
    {
        var secret = await _central.Readers.RegisterAsync("gate-1", ReaderType.Gate);
        var other = await _central.Readers.RegisterAsync("gate-2", ReaderType.Gate);

        Assert.Null(await _central.Readers.AuthenticateAsync("gate-3", secret));
        Assert.Null(await _central.Readers.AuthenticateAsync("gate-1", other));
        await _central.Readers.RevokeAsync("gate-1");
        Assert.Null(await _central.Readers.AuthenticateAsync("gate-1", secret));
        Assert.Equal(ReaderCheckOutcome.Revoked, (await _central.Readers.CheckAsync("gate-1", secret)).Outcome);
        Assert.Equal(ReaderCheckOutcome.WrongSecret, (await _central.Readers.CheckAsync("gate-1", other)).Outcome);
    }

    [Fact]
    public async Task Registration_and_revocation_are_on_the_audit_chain_without_the_secret()
    {
        var secret = await _central.Readers.RegisterAsync("library-4", ReaderType.Library);
        await _central.Readers.RevokeAsync("library-4");

        await using var audit = _central.Services.GetRequiredService<IDbContextFactory<StudentCard.Central.Audit.AuditDbContext>>().CreateDbContext();
        var entries = await audit.Entries.OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(
            [(StudentCard.Central.Audit.AuditActions.ReaderRegistered, "library-4"), (StudentCard.Central.Audit.AuditActions.ReaderRevoked, "library-4")],
            entries.Select(e => (e.Action, e.Subject)));
        Assert.All(entries, e => Assert.DoesNotContain(secret, $"{e.Actor} {e.Reason} {e.Subject}"));
        Assert.True((await _central.Services.GetRequiredService<StudentCard.Central.Audit.AuditLog>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_remembered_secret_still_meets_revocation_and_a_wrong_secret_at_once()
    {
        var secret = await _central.Readers.RegisterAsync("bus-9", ReaderType.Bus);
        Assert.NotNull(await _central.Readers.AuthenticateAsync("bus-9", secret));
        Assert.NotNull(await _central.Readers.AuthenticateAsync("bus-9", secret));

        Assert.Equal(ReaderCheckOutcome.WrongSecret, (await _central.Readers.CheckAsync("bus-9", secret + "x")).Outcome);
        await _central.Readers.RevokeAsync("bus-9");
        Assert.Equal(ReaderCheckOutcome.Revoked, (await _central.Readers.CheckAsync("bus-9", secret)).Outcome);
    }

    [Theory]
    [InlineData("gate-1")]
    [InlineData("Gate 1")]
    [InlineData("gate/1")]
    [InlineData("reader-gate-2")]
    [InlineData("studentcard-central")]
    public async Task Reader_ids_are_never_reused_and_must_be_topic_safe(string id)
    {
        await _central.Readers.RegisterAsync("gate-1", ReaderType.Gate);

        await Assert.ThrowsAnyAsync<Exception>(() => _central.Readers.RegisterAsync(id, ReaderType.Bus));
    }
}
