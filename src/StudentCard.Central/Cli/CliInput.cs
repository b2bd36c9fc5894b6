namespace StudentCard.Central.Cli;

/// <summary>
/// What a command may read besides its arguments: environment variables, and standard input when it is redirected (null
/// when it is a terminal). Secrets come this way, never as arguments, which other users of the machine can list.
/// </summary>
public sealed record CliInput(Func<string, string?> Environment, TextReader? RedirectedInput)
{
    /// <summary>The process's own environment and standard input.</summary>
    public static CliInput Process => new(System.Environment.GetEnvironmentVariable, Console.IsInputRedirected ? Console.In : null);
}
