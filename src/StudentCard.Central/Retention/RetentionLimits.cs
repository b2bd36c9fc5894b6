namespace StudentCard.Central.Retention;

/// <summary>
/// The hard maxima no setting can exceed. They are code, not configuration, so that raising them
/// is a reviewed change with a reason, not an edit of a settings file.
/// </summary>
public static class RetentionLimits
{
    /// <summary>Gate passages answer safety questions about the last days ("did this pupil arrive?"); a month is the outer bound.</summary>
    public static readonly TimeSpan Gate = TimeSpan.FromDays(31);

    /// <summary>Bus passages settle disputes about a ride; a week is the outer bound.</summary>
    public static readonly TimeSpan Bus = TimeSpan.FromDays(7);

    /// <summary>The library keeps no per-person log: passages are kept only until they are counted, at most a day.</summary>
    public static readonly TimeSpan Library = TimeSpan.FromHours(24);

    /// <summary>Anonymous hourly counts (small cells are suppressed when reported).</summary>
    public static readonly TimeSpan Statistics = TimeSpan.FromDays(3 * 366);

    /// <summary>The audit log names pseudonyms and staff, so it too is personal data with a bounded life.</summary>
    public static readonly TimeSpan Audit = TimeSpan.FromDays(2 * 366);

    /// <summary>Below this the audit log could not answer "who looked at this and why" for a request answered within the legal month.</summary>
    public static readonly TimeSpan AuditMinimum = TimeSpan.FromDays(31);

    public static TimeSpan For(ReaderType purpose) => purpose switch
    {
        ReaderType.Gate => Gate,
        ReaderType.Bus => Bus,
        ReaderType.Library => Library,
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "Unknown purpose."),
    };
}
