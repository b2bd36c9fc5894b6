using System.ComponentModel.DataAnnotations;

namespace StudentCard.Edge.Display;

/// <summary>The "Display" settings: the driver display of a bus reader.</summary>
public sealed class DisplayOptions
{
    public const string Section = "Display";

    /// <summary>
    /// Show the driver display. Unset: on for a bus reader whose agent program runs on a terminal (or has
    /// <see cref="Terminal"/>), off everywhere else, including agents hosted in another program.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>A terminal device for the driver's screen (e.g. /dev/tty1); unset: the agent's own console.</summary>
    public string? Terminal { get; set; }

    /// <summary>Columns of the driver's screen when the terminal cannot tell (a device file).</summary>
    [Range(40, 400)]
    public int? Width { get; set; }

    /// <summary>The least time between two redraws: a burst of taps still redraws only a few times a second.</summary>
    [Range(100, 5000)]
    public int MinRedrawMs { get; set; } = 250;

    /// <summary>How often the screen is checked for changes nobody announces (link, backlog, a verdict timing out).</summary>
    [Range(100, 10_000)]
    public int RefreshMs { get; set; } = 1000;

    /// <summary>How long a verdict stays on screen before the display says it is ready for the next card.</summary>
    [Range(1, 600)]
    public int VerdictSeconds { get; set; } = 10;
}
