namespace StudentCard.Central.DataSubjects;

/// <summary>A data-subject request step that was refused before anything was written; the message says what to do and names no person.</summary>
public sealed class DataSubjectException(string message) : Exception(message);
