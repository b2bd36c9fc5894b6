using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using StudentCard.Core;
using StudentCard.Core.Identifiers;
using StudentCard.Core.Keys;
using StudentCard.Core.Rules;
using StudentCard.Edge.AllowList;

namespace StudentCard.Benchmarks.Micro;

/// <summary>Figure 7: the per-tap CPU work, beside the bare HMAC-SHA256 calls it is made of.</summary>
[MemoryDiagnoser]
public class TapBenchmarks
{
    private readonly KeyRing _keys = KeyRing.Generate();
    private readonly CardUid _uid = new([0x04, 0x5A, 0x21, 0x9C, 0x33, 0x70, 0x81]);
    private readonly byte[] _keyBytes = RandomNumberGenerator.GetBytes(32);
    private readonly byte[] _uidBytes = [0x04, 0x5A, 0x21, 0x9C, 0x33, 0x70, 0x81];
    private readonly byte[] _mac = new byte[32];
    private AllowListSnapshot _snapshot = AllowListSnapshot.Empty;
    private string _listed = "";
    private AllowListEntry _entry = null!;
    private TapContext _context = null!;
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;

    [Params(1_000_000)]
    public int Cards { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _listed = PseudonymDeriver.Pseudonym(_uid, ReaderType.Gate, _keys.Site, _keys.Current(ReaderType.Gate)).Value;
        var entries = Scenarios.BenchCentral.RandomPseudonyms(Cards - 1, seed: 17)
            .Append(_listed)
            .Select(p => new AllowListEntry(p, _now.AddDays(-1), _now.AddDays(1), CardStatus.Active, "north", "pupils"));
        _snapshot = AllowListSnapshot.Create(1, entries, _now, Cards);
        _entry = _snapshot.Find(_listed)!;
        // Every step of the rules runs: place, closures, schedule in the site's time zone, anti-passback against a recent exit.
        var everyDay = Enum.GetValues<DayOfWeek>();
        var policy = new AccessPolicy(
            [new Schedule("pupils", [new TimeWindow(everyDay, new TimeOnly(0, 0), new TimeOnly(23, 59))])],
            [new Site("north", "Europe/Paris", [new Closure(new DateOnly(2026, 12, 19), new DateOnly(2027, 1, 3))])],
            [new ZonePolicy("north", "main", AntiPassbackMode.Hard, TimeSpan.FromHours(12), new TimeOnly(3, 0))],
            TimeSpan.FromDays(3));
        var reader = new ReaderPlace(ReaderType.Gate, "north", "main", Direction: Core.Passages.Direction.In);
        _context = new TapContext(reader, _now, policy, new RecentPassage(Core.Passages.Direction.Out, _now.AddMinutes(-5)));
    }

    [Benchmark(Baseline = true, Description = "2 x HMAC-SHA256 (bare)")]
    public byte[] TwoBareHmacs()
    {
        HMACSHA256.HashData(_keyBytes, _uidBytes, _mac);
        HMACSHA256.HashData(_keyBytes, _mac.AsSpan(0, 16), _mac);
        return _mac;
    }

    [Benchmark(Description = "UID → card token → gate pseudonym")]
    public string Pseudonym() => PseudonymDeriver.Pseudonym(_uid, ReaderType.Gate, _keys.Site, _keys.Current(ReaderType.Gate)).Value;

    [Benchmark(Description = "allow-list lookup")]
    public AllowListEntry? Lookup() => _snapshot.Find(_listed);

    [Benchmark(Description = "rule evaluation")]
    public AccessDecision Rules() => AccessRules.Decide(_listed, _entry, _context);

    [Benchmark(Description = "whole decision: pseudonym + lookup + rules")]
    public AccessDecision Decision()
    {
        var pseudonym = PseudonymDeriver.Pseudonym(_uid, ReaderType.Gate, _keys.Site, _keys.Current(ReaderType.Gate)).Value;
        return AccessRules.Decide(pseudonym, _snapshot.Find(pseudonym), _context);
    }
}
