using StudentCard.Core.Rules;

namespace StudentCard.Core.Tests;

public sealed class SafetyModeWordsTests
{
    [Theory]
    [InlineData(SafetyMode.Normal, "normal")]
    [InlineData(SafetyMode.Lockdown, "lockdown")]
    [InlineData(SafetyMode.Evacuation, "evacuation")]
    public void Every_mode_has_one_word_that_reads_back(SafetyMode mode, string word)
    {
        Assert.Equal(word, SafetyModeWords.Word(mode));
        Assert.True(SafetyModeWords.TryParse(word, out var read));
        Assert.Equal(mode, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Lockdown")]
    [InlineData(" lockdown")]
    [InlineData("lockdown\n")]
    [InlineData("0")]
    [InlineData("panic")]
    public void Anything_else_is_no_mode(string? word)
    {
        Assert.False(SafetyModeWords.TryParse(word, out _));
    }
}
