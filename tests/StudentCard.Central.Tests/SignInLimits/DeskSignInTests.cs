using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StudentCard.Central.DeskApi;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.Tests.DeskApi;
using StudentCard.Protos.V1;

namespace StudentCard.Central.Tests.SignInLimits;

/// <summary>Enrollment desks' sign-ins: their secrets' fast check, their older stored form, and a flood of wrong ones.</summary>
public sealed class DeskSignInTests : IAsyncLifetime
{
    private DeskFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await DeskFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task A_flood_of_wrong_desk_secrets_is_throttled_at_the_default_limit_and_the_throttle_checks_no_secret()
    {
        var codes = new List<StatusCode>();
        for (var i = 0; i < 15; i++)
        {
            var wrong = _fixture.Client(("x-desk-id", DeskFixture.DeskId), ("x-desk-secret", ReaderSecretHasher.NewSecret()));
            codes.Add((await Assert.ThrowsAsync<RpcException>(() => wrong.CancelEnrollmentAsync(new CancelEnrollmentRequest()).ResponseAsync)).StatusCode);
        }

        // Defaults: ten failures a minute for one desk id.
        Assert.Equal([.. Enumerable.Repeat(StatusCode.Unauthenticated, 10), .. Enumerable.Repeat(StatusCode.ResourceExhausted, 5)], codes);
        Assert.Equal(StatusCode.ResourceExhausted, (await Assert.ThrowsAsync<RpcException>(() => _fixture.Desk().CancelEnrollmentAsync(new CancelEnrollmentRequest()).ResponseAsync)).StatusCode);
    }

    [Fact]
    public async Task A_desk_secret_stored_by_an_older_release_as_PBKDF2_still_signs_in_and_is_then_stored_as_a_digest()
    {
        var factory = _fixture.Central.Services.GetRequiredService<IDbContextFactory<DeskDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            // The form an older release stored; only its own code wrote it, so the test writes it as that release did.
            var salt = RandomNumberGenerator.GetBytes(16);
            var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_fixture.DeskSecret), salt, 10_000, HashAlgorithmName.SHA256, 32);
            var legacy = $"pbkdf2-sha256$10000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
            await db.Desks.Where(d => d.Id == DeskFixture.DeskId).ExecuteUpdateAsync(d => d.SetProperty(x => x.SecretHash, legacy));
        }

        Assert.Equal(DeskCheckOutcome.WrongSecret, await _fixture.Desks.CheckAsync(DeskFixture.DeskId, ReaderSecretHasher.NewSecret()));
        Assert.Equal(DeskCheckOutcome.Authenticated, await _fixture.Desks.CheckAsync(DeskFixture.DeskId, _fixture.DeskSecret));

        await using (var db = await factory.CreateDbContextAsync())
        {
            Assert.StartsWith("sha256$", (await db.Desks.SingleAsync(d => d.Id == DeskFixture.DeskId)).SecretHash);
        }
        Assert.Equal(DeskCheckOutcome.Authenticated, await _fixture.Desks.CheckAsync(DeskFixture.DeskId, _fixture.DeskSecret));
        Assert.Equal(DeskCheckOutcome.WrongSecret, await _fixture.Desks.CheckAsync(DeskFixture.DeskId, _fixture.DeskSecret[..^1]));
    }
}
