namespace StudentCard.Central.Tests.Safety;

/// <summary>An "Access" configuration for tests: two sites 18 km apart, a pupils' schedule, a hard anti-passback zone.</summary>
internal static class SchoolSettings
{
    public static readonly string[] Arguments =
    [
        "--Access:Sites:0:Name=north",
        "--Access:Sites:0:TimeZone=Europe/Paris",
        "--Access:Sites:0:Latitude=48.8566",
        "--Access:Sites:0:Longitude=2.3522",
        "--Access:Sites:0:Closures:0:From=2026-12-19",
        "--Access:Sites:0:Closures:0:To=2027-01-03",
        "--Access:Sites:0:Closures:0:Label=Winter holidays",
        "--Access:Sites:1:Name=west",
        "--Access:Sites:1:TimeZone=Europe/Paris",
        "--Access:Sites:1:Latitude=48.8049",
        "--Access:Sites:1:Longitude=2.1204",
        "--Access:Schedules:0:Name=pupils",
        "--Access:Schedules:0:Windows:0:Days=Mon-Fri",
        "--Access:Schedules:0:Windows:0:Start=07:00",
        "--Access:Schedules:0:Windows:0:End=18:00",
        "--Access:Zones:0:Site=north",
        "--Access:Zones:0:Zone=main",
        "--Access:Zones:0:AntiPassback=Hard",
        "--Access:Zones:0:ResetAfterHours=12",
        "--Access:Zones:0:DailyReset=03:00",
    ];
}
