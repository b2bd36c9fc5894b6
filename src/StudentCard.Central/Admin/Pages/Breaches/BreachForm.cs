using System.Globalization;
using StudentCard.Central.Breaches;
using StudentCard.Central.Vault;

namespace StudentCard.Central.Admin.Pages.Breaches;

/// <summary>
/// A breach's facts as the page's form holds them: times as datetime-local text read in the register's zone, numbers
/// as text, so that what is not a time or a whole number is refused with a message rather than silently dropped.
/// </summary>
public sealed class BreachForm
{
    public string? Description { get; set; }

    public string? OccurredAt { get; set; }

    public string? DiscoveredAt { get; set; }

    public string? DataCategories { get; set; }

    public string? ApproximatePupils { get; set; }

    public string? ApproximateRecords { get; set; }

    public string? Consequences { get; set; }

    public string? Measures { get; set; }

    public string? Risk { get; set; } = BreachRegister.Word(BreachRisk.Risk);

    public BreachReport ToReport(BreachClock clock, string? reason = null) => new(
        Description, clock.Parse(OccurredAt, "time it happened"), clock.Parse(DiscoveredAt, "time it was found"), DataCategories,
        Number(ApproximatePupils, "approximate number of pupils"), Number(ApproximateRecords, "approximate number of records"),
        Consequences, Measures, Risk, reason);

    public static BreachForm Of(Breach breach, BreachClock clock) => new()
    {
        Description = breach.Description,
        OccurredAt = breach.OccurredAt is { } occurred ? clock.Field(occurred) : null,
        DiscoveredAt = clock.Field(breach.DiscoveredAt),
        DataCategories = breach.DataCategories,
        ApproximatePupils = breach.ApproximatePupils?.ToString(CultureInfo.InvariantCulture),
        ApproximateRecords = breach.ApproximateRecords?.ToString(CultureInfo.InvariantCulture),
        Consequences = breach.Consequences,
        Measures = breach.Measures,
        Risk = BreachRegister.Word(breach.Risk),
    };

    private static int? Number(string? text, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new BreachException($"The {what} must be a whole number, or empty while it is not known.");
    }
}
