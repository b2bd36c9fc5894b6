using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace StudentCard.Edge.Display;

/// <summary>Lays out a <see cref="DriverScreen"/> to be read at a glance: the verdict in big letters, then the trip, then the link.</summary>
public static class DriverScreenView
{
    public const string Waiting = "TAP CARD";

    public static IRenderable Build(DriverScreen screen)
    {
        var rows = new List<IRenderable> { Verdict(screen), Trip(screen) };
        if (!screen.Online)
        {
            rows.Add(Offline(screen.Backlog));
        }
        return new Rows(rows);
    }

    private static Panel Verdict(DriverScreen screen)
    {
        if (screen.Verdict is not { } decision)
        {
            return new Panel(new FigletText(Waiting).Color(Color.Grey))
                .Header(Waiting)
                .BorderColor(Color.Grey)
                .Expand();
        }
        var colour = decision.IsAllowed ? Color.Green : Color.Red;
        var verdict = ReasonWords.Verdict(decision.Decision);
        var body = new List<IRenderable> { new FigletText(verdict).Color(colour) };
        if (!decision.IsAllowed || decision.IsFlagged)
        {
            // A flagged allowance is let through, and its reason is still worth the driver's glance.
            body.Add(new Text(ReasonWords.For(decision.Reason), new Style(decision.IsAllowed ? Color.Yellow : Color.Red, decoration: Decoration.Bold)));
        }
        return new Panel(new Rows(body))
            .Header(verdict)
            .BorderColor(colour)
            .Border(BoxBorder.Heavy)
            .Expand();
    }

    private static Grid Trip(DriverScreen screen)
    {
        var grid = new Grid().Expand();
        grid.AddColumn().AddColumn().AddColumn();
        grid.AddRow(
            new Text($"Route {screen.Route ?? "-"}", new Style(decoration: Decoration.Bold)),
            new Text($"Riders this trip: {screen.Riders.ToString(CultureInfo.InvariantCulture)}", new Style(decoration: Decoration.Bold)),
            new Text($"Last tap {(screen.LastTap is { } at ? at.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "-")}"));
        return grid;
    }

    private static Panel Offline(int backlog)
    {
        var waiting = backlog == 1 ? "1 tap waiting to send" : $"{backlog.ToString(CultureInfo.InvariantCulture)} taps waiting to send";
        return new Panel(new Text($"OFFLINE  {waiting}", new Style(Color.Black, Color.Yellow, Decoration.Bold)))
            .BorderColor(Color.Yellow)
            .Expand();
    }
}
