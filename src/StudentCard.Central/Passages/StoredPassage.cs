namespace StudentCard.Central.Passages;

/// <summary>A passage as stored, with the purpose of the topic it came on.</summary>
public sealed record StoredPassage(ReaderType Purpose, Core.Messaging.PassageMessage Passage);
