namespace StudentCard.Central.AllowList;

/// <summary>The current allow-list version of one purpose; bumped on every change of its entitlements.</summary>
public sealed class AllowListVersion
{
    public ReaderType Purpose { get; set; }

    public long Version { get; set; }
}
