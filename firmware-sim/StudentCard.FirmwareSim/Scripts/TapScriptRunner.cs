namespace StudentCard.FirmwareSim.Scripts;

/// <summary>Plays tap script steps against a card field; delays go through a seam so tests need no clock.</summary>
internal sealed class TapScriptRunner(CardField field, Func<TimeSpan, CancellationToken, Task> delay)
{
    /// <summary>Reads and runs the script line by line; a bad line stops it with a <see cref="TapScriptException"/>.</summary>
    public async Task RunAsync(TextReader script, CancellationToken ct)
    {
        var parser = new TapScriptParser();
        while (await script.ReadLineAsync(ct) is { } line)
        {
            if (parser.Feed(line) is { } step)
            {
                await RunAsync(step, ct);
            }
        }

        parser.Finish();
    }

    public async Task RunAsync(TapStep step, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        switch (step)
        {
            case TapCard tap:
                field.Present(tap.Card);
                await delay(tap.Stay, ct);
                field.Remove(tap.Card.Uid);
                break;
            case HoldCard hold:
                field.Present(hold.Card);
                break;
            case RemoveCard remove:
                field.Remove(remove.Card.Uid);
                break;
            case Wait wait:
                await delay(wait.Duration, ct);
                break;
            case TapPair pair:
                field.Present(pair.First);
                field.Present(pair.Second);
                await delay(pair.Stay, ct);
                field.Remove(pair.First.Uid);
                field.Remove(pair.Second.Uid);
                break;
            case ClearField:
                field.Clear();
                break;
            case VanishOnExchange vanish:
                field.PresentUntilExchange(vanish.Card);
                break;
            case Repeat repeat:
                for (var i = 0; i < repeat.Count; i++)
                {
                    foreach (var inner in repeat.Body)
                    {
                        await RunAsync(inner, ct);
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"No runner for {step.GetType().Name}.");
        }
    }
}
