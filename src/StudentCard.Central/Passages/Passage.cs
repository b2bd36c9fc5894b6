namespace StudentCard.Central.Passages;

/// <summary>A stored passage; its id was made at the edge, so a redelivered one is recognised.</summary>
public sealed class Passage
{
    public Guid Id { get; set; }

    public required string ReaderId { get; set; }

    public ReaderType Purpose { get; set; }

    public required string Pseudonym { get; set; }

    public int KeyVersion { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    public required string Decision { get; set; }

    public required string Reason { get; set; }

    public required string Direction { get; set; }

    /// <summary>"site/zone" at gates, the route on buses, the site in libraries; null from agents that did not say.</summary>
    public string? Place { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
