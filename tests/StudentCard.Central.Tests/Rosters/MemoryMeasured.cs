namespace StudentCard.Central.Tests.Rosters;

/// <summary>
/// Tests that measure the process's memory run alone: what a Central started by a test class running in parallel in
/// the same process allocates would count as theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasured
{
    public const string Name = "memory measured";
}

/// <summary>What the process allocated, and what it still holds after a full collection, since <see cref="Start"/>.</summary>
internal sealed class MemoryGrowth
{
    private readonly long _heap = GC.GetTotalMemory(forceFullCollection: true);
    private readonly long _allocated = GC.GetTotalAllocatedBytes(precise: true);

    public static MemoryGrowth Start() => new();

    /// <summary>Every byte allocated since the start, garbage included: an upper bound of how far the heap could have grown.</summary>
    public long Allocated => GC.GetTotalAllocatedBytes(precise: true) - _allocated;

    /// <summary>The growth of the heap that survives a full collection.</summary>
    public long Retained => GC.GetTotalMemory(forceFullCollection: true) - _heap;

    public override string ToString() => $"allocated {Allocated / 1024 / 1024} MB, retained {Retained / 1024 / 1024} MB";
}
