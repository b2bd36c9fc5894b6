using StudentCard.Central.Vault;

namespace StudentCard.Central.DataSubjects;

/// <summary>The time limits GDPR Art. 12 and 19 set for answering requests and telling the person.</summary>
public static class RequestDeadlines
{
    /// <summary>The answer is due within a month of receipt; counted as 30 days.</summary>
    public static readonly TimeSpan Answer = TimeSpan.FromDays(30);

    /// <summary>A complex or numerous request may take two further months, with the reasons given.</summary>
    public const int MaxExtensionDays = 61;

    /// <summary>The person is told of a rectification, erasure or restriction within 5 days.</summary>
    public static readonly TimeSpan Notification = TimeSpan.FromDays(5);

    public static bool NeedsNotification(RequestKind kind) => kind is RequestKind.Rectification or RequestKind.Erasure or RequestKind.Restriction or RequestKind.Objection;
}
