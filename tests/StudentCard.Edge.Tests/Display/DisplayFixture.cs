using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console.Testing;
using StudentCard.Core.Messaging;
using StudentCard.Edge.Display;
using StudentCard.Edge.Link;
using StudentCard.Edge.Outbox;
using StudentCard.Edge.Reader;
using StudentCard.Edge.Settings;

namespace StudentCard.Edge.Tests.Display;

/// <summary>A driver display over a real outbox file, a link state and a fake clock, rendered to a test console.</summary>
internal sealed class DisplayFixture : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 7, 40, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("sc-display-").FullName;

    public DisplayFixture(string? route = "12", DisplayOptions? options = null)
    {
        Outbox = new PassageOutbox(Path.Combine(_directory, "outbox.db"));
        Link.MarkConnected(Start);
        Options = options ?? new DisplayOptions();
        Display = new DriverDisplay(
            new OfflineIndicator(Link, Time),
            Outbox,
            Time,
            Microsoft.Extensions.Options.Options.Create(new EdgeOptions { ReaderId = "bus-12-a", ReaderType = "bus", ReaderSecret = "s", Route = route }),
            Microsoft.Extensions.Options.Options.Create(Options));
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public LinkState Link { get; } = new();

    public PassageOutbox Outbox { get; }

    public DisplayOptions Options { get; }

    public DriverDisplay Display { get; }

    /// <summary>The screen as it is now, as plain text.</summary>
    public string Render()
    {
        var console = new TestConsole().Width(100);
        console.Write(DriverScreenView.Build(Display.Current()));
        return console.Output;
    }

    /// <summary>The link goes down and stays down past the grace, so the agent counts as offline.</summary>
    public void GoOffline()
    {
        Link.MarkDisconnected();
        Time.Advance(OfflineIndicator.Grace);
    }

    /// <summary>The words in the top border of the screen: the verdict, or the waiting prompt.</summary>
    public static string Header(string screen) =>
        new string(screen.Split('\n')[0].Where(c => char.IsLetter(c) || c == ' ').ToArray()).Trim();

    public void AddWaitingPassages(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var at = Time.GetUtcNow();
            Outbox.Add(new PassageMessage(Guid.CreateVersion7(at), "bus-12-a", "bus", new string('a', 32), 1, at, "allow", "none", "none"));
        }
    }

    public void Dispose()
    {
        Outbox.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
