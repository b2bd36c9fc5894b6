using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using StudentCard.Benchmarks.Report;
using StudentCard.Central.ReaderAccounts;
using StudentCard.Central.SignInLimits;

namespace StudentCard.Benchmarks.Scenarios;

/// <summary>
/// What one failed reader sign-in costs Central's CPU: the secret check against a stored digest, and an attempt refused by
/// a spent budget, each beside the check against a PBKDF2 hash as older stores hold it (the only slow path left).
/// </summary>
public static class SignInScenario
{
    public static IReadOnlyList<Figure> Run(BenchSize size, TextWriter log)
    {
        var secret = ReaderSecretHasher.NewSecret();
        var wrong = ReaderSecretHasher.NewSecret();
        var digest = ReaderSecretHasher.Hash(secret);
        var olderStore = OlderStoreHash(secret);
        using var throttle = new SignInThrottle(failuresPerAddress: 1, failuresPerAccount: 1, TimeSpan.FromHours(1));
        var attacker = IPAddress.Parse("192.0.2.7");
        throttle.Failed(attacker, "gate-1");

        var rounds = size.MicroWithBenchmarkDotNet ? 200 : 20;
        var baseline = Time(rounds, () => ReaderSecretHasher.Verify(wrong, olderStore));
        var figures = new List<Figure>();
        foreach (var (name, iterations, attempt) in new (string, int, Func<object>)[]
        {
            ("wrong secret against its digest", 200_000, () => ReaderSecretHasher.Verify(wrong, digest)),
            ("attempt refused by a spent budget", 200_000, () => throttle.Admits(attacker, "gate-1", out _)),
        })
        {
            var measured = Time(iterations, attempt);
            log.WriteLine($"Failed sign-in, {name}: {measured:N0} ns (PBKDF2 of an older store: {baseline:N0} ns)");
            figures.Add(new Figure(
                $"Per failed sign-in: {name}",
                string.Create(CultureInfo.InvariantCulture, $"{measured:N0} ns"),
                string.Create(CultureInfo.InvariantCulture, $"{baseline:N0} ns"),
                "the same check against PBKDF2-SHA256, 10,000 rounds (older stores)",
                measured / baseline,
                "—",
                "quick timing, one thread"));
        }
        return figures;
    }

    private static double Time(int iterations, Func<object> attempt)
    {
        attempt();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            attempt();
        }
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / iterations;
    }

    /// <summary>The form a store written by an older release holds: the benchmark measures the product's own check of it.</summary>
    private static string OlderStoreHash(string secret)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, 10_000, HashAlgorithmName.SHA256, 32);
        return $"pbkdf2-sha256$10000${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }
}
