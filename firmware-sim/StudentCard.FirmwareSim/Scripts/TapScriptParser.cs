using System.Globalization;

namespace StudentCard.FirmwareSim.Scripts;

/// <summary>
/// Reads the tap script language one line at a time, so an interactive console can run each command
/// as soon as it is typed; a repeat block is handed out once its end line arrives.
/// </summary>
internal sealed class TapScriptParser
{
    private const int MaxMilliseconds = 24 * 60 * 60 * 1000;
    private const int MaxRepeat = 1_000_000;

    private readonly Stack<(int Line, int Count, List<TapStep> Body)> _open = new();
    private int _line;

    /// <summary>Parses every line of a script.</summary>
    public static IReadOnlyList<TapStep> ParseAll(string script)
    {
        var parser = new TapScriptParser();
        var steps = new List<TapStep>();
        using var reader = new StringReader(script);
        while (reader.ReadLine() is { } line)
        {
            if (parser.Feed(line) is { } step)
            {
                steps.Add(step);
            }
        }

        parser.Finish();
        return steps;
    }

    /// <summary>Takes the next line; returns a top-level step when one is complete.</summary>
    public TapStep? Feed(string text)
    {
        _line++;
        var comment = text.IndexOf('#');
        var words = (comment >= 0 ? text[..comment] : text).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        var keyword = words[0].ToLowerInvariant();
        if (keyword == "repeat")
        {
            Expect(words, 2, "repeat <n>");
            _open.Push((_line, Count(words[1], "repeat <n>"), []));
            return null;
        }

        TapStep step;
        if (keyword == "end")
        {
            Expect(words, 1, "end");
            if (_open.Count == 0)
            {
                throw Bad("'end' without 'repeat'");
            }

            var (line, count, body) = _open.Pop();
            step = new Repeat(line, count, body);
        }
        else
        {
            step = keyword switch
            {
                "tap" => Expect(words, 3, "tap <UIDHEX> <ms>", typed: true) ?? new TapCard(_line, Card(words[1], words, 3), Duration(words[2])),
                "hold" => Expect(words, 2, "hold <UIDHEX>", typed: true) ?? new HoldCard(_line, Card(words[1], words, 2)),
                "remove" => Expect(words, 2, "remove <UIDHEX>") ?? new RemoveCard(_line, Card(words[1])),
                "wait" => Expect(words, 2, "wait <ms>") ?? new Wait(_line, Duration(words[1])),
                "pair" => Expect(words, 4, "pair <UIDHEX> <UIDHEX> <ms>", typed: true) ?? Pair(words),
                "clear" => Expect(words, 1, "clear") ?? new ClearField(_line),
                "vanish-on-exchange" => Expect(words, 2, "vanish-on-exchange <UIDHEX>", typed: true) ?? new VanishOnExchange(_line, Card(words[1], words, 2)),
                _ => throw Bad($"unknown command {Quoted(words[0])}(expected tap, hold, remove, wait, pair, clear, vanish-on-exchange, repeat or end)"),
            };
        }

        if (_open.Count > 0)
        {
            _open.Peek().Body.Add(step);
            return null;
        }

        return step;
    }

    /// <summary>Call at the end of the script: a repeat still open is an error.</summary>
    public void Finish()
    {
        if (_open.Count > 0)
        {
            var (line, _, _) = _open.Peek();
            throw new TapScriptException(line, "'repeat' without 'end'");
        }
    }

    private TapPair Pair(string[] words)
    {
        var first = Card(words[1], words, 4);
        var second = Card(words[2], words, 4);
        if (first.HasUid(second.Uid))
        {
            throw Bad("pair needs two different cards");
        }

        return new TapPair(_line, first, second, Duration(words[3]));
    }

    // A typed command may end with one more word naming the card type.
    private TapStep? Expect(string[] words, int count, string usage, bool typed = false)
    {
        if (words.Length == count || (typed && words.Length == count + 1))
        {
            return null;
        }

        throw Bad(typed ? $"expected '{usage}' or '{usage} <classic|ntag|desfire>'" : $"expected '{usage}'");
    }

    private SimulatedCard Card(string word) => Card(word, [], 0);

    private SimulatedCard Card(string word, string[] words, int typeAt)
    {
        CardType? type = null;
        if (words.Length > typeAt)
        {
            type = SimulatedCard.ParseType(words[typeAt]) ?? throw Bad($"unknown card type {Quoted(words[typeAt])}(expected classic, ntag or desfire)");
        }

        try
        {
            return SimulatedCard.FromHex(word, type);
        }
        catch (FormatException e)
        {
            throw Bad(e.Message);
        }
    }

    private TimeSpan Duration(string word)
    {
        if (!int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || ms > MaxMilliseconds)
        {
            throw Bad($"expected a duration in milliseconds (0 to {MaxMilliseconds})");
        }

        return TimeSpan.FromMilliseconds(ms);
    }

    private int Count(string word, string usage)
    {
        if (!int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxRepeat)
        {
            throw Bad($"expected '{usage}' with n from 1 to {MaxRepeat}");
        }

        return n;
    }

    // A word made of hex digits might be a card UID: it is never echoed.
    private static string Quoted(string word) => word.All(char.IsAsciiHexDigit) ? string.Empty : $"'{word}' ";

    private TapScriptException Bad(string problem) => new(_line, problem);
}
