namespace StudentCard.Edge.Tests.Reader;

/// <summary>A theory that needs a Linux pseudo-terminal; skipped with the reason elsewhere.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs a Linux pseudo-terminal (openpty) for the simulated PN532 board.";
        }
    }
}
