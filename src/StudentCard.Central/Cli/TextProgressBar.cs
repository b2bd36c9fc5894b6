using StudentCard.Central.Rosters;

namespace StudentCard.Central.Cli;

/// <summary>A one-line progress bar on standard error, redrawn in place; reported synchronously so lines never interleave.</summary>
public sealed class TextProgressBar(TextWriter error) : IProgress<RosterProgress>
{
    private const int Width = 30;
    private int _lastPercent = -1;
    private string _lastStage = "";

    public void Report(RosterProgress value)
    {
        var percent = value.Total == 0 ? 100 : value.Done * 100 / value.Total;
        if (percent == _lastPercent && value.Stage == _lastStage)
        {
            return;
        }
        _lastPercent = percent;
        _lastStage = value.Stage;
        var filled = percent * Width / 100;
        error.Write($"\r{value.Stage,-5} [{new string('#', filled)}{new string('.', Width - filled)}] {percent,3}% {value.Done}/{value.Total} rows");
        if (value.Done >= value.Total)
        {
            error.WriteLine();
        }
    }
}
