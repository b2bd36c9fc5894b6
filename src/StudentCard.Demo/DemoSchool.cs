using StudentCard.Central.StartupProvisioning;
using StudentCard.Local;

namespace StudentCard.Demo;

/// <summary>
/// The demo's school as Central's "Access" settings: one site in Paris time with its winter holidays, a pupils'
/// schedule, and a soft anti-passback main entrance (flagged, never locking anyone out of a demo).
/// </summary>
public static class DemoSchool
{
    public const string GateZone = "main";

    /// <summary>The school of the roster's first pupil (default seed), whose school admin the demo creates, so that admin sees the site.</summary>
    public static readonly string SchoolAdminSchool = StudentCard.Core.Synthetic.SyntheticRoster.Generate(1)[0].School;

    public static readonly IReadOnlyDictionary<string, string?> AccessSettings = new Dictionary<string, string?>
    {
        ["Access:Sites:0:Name"] = SyntheticEnrollment.Site,
        ["Access:Sites:0:School"] = SchoolAdminSchool,
        ["Access:Sites:0:TimeZone"] = "Europe/Paris",
        ["Access:Sites:0:Latitude"] = "48.8566",
        ["Access:Sites:0:Longitude"] = "2.3522",
        ["Access:Sites:0:Closures:0:From"] = "2026-12-19",
        ["Access:Sites:0:Closures:0:To"] = "2027-01-03",
        ["Access:Sites:0:Closures:0:Label"] = "Winter holidays",
        ["Access:Schedules:0:Name"] = "pupils",
        ["Access:Schedules:0:Windows:0:Days"] = "Mon-Fri",
        ["Access:Schedules:0:Windows:0:Start"] = "07:00",
        ["Access:Schedules:0:Windows:0:End"] = "18:00",
        ["Access:Zones:0:Site"] = SyntheticEnrollment.Site,
        ["Access:Zones:0:Zone"] = GateZone,
        ["Access:Zones:0:AntiPassback"] = "Soft",
        ["Access:Zones:0:ResetAfterHours"] = "12",
        ["Access:Zones:0:DailyReset"] = "03:00",
        ["Access:Routes:0:Name"] = SyntheticEnrollment.Route,
        ["Access:Routes:0:Label"] = "North loop",
        ["Access:Routes:1:Name"] = SyntheticEnrollment.OtherRoute,
        ["Access:Routes:1:Label"] = "River line",
    };

    /// <summary>The demo's own system: this school's readers and its enrollment desk, so a pupil imported by roster can get a card.</summary>
    public static LocalSystemOptions Demo(string dataDirectory) => System(dataDirectory) with { DeskIds = [DemoDesk.DeskId] };

    /// <summary>A local system in this school: its sites and zones, gate and library readers at its site, buses on route r1.</summary>
    public static LocalSystemOptions System(string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        AccessSettings = AccessSettings,
        Site = SyntheticEnrollment.Site,
        GateZone = GateZone,
        Route = SyntheticEnrollment.Route,
    };
}
