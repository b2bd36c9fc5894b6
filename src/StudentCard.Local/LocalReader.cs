using StudentCard.Core;

namespace StudentCard.Local;

/// <summary>A reader registered with Central: its id, type and issued secret, and the folder of its agent's files (keys, outbox).</summary>
public sealed record LocalReader(string ReaderId, ReaderType Type, string Secret, string DataDirectory)
{
    public string KeyFile => Path.Combine(DataDirectory, "keys.json");
}
