using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace StudentCard.Central.Stores;

/// <summary>Stores DateTimeOffset as UTC ticks so SQLite can compare and order it.</summary>
public sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
