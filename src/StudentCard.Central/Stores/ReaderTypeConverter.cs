using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace StudentCard.Central.Stores;

/// <summary>Stores a reader type by its one spelling ("gate", "bus", "library").</summary>
public sealed class ReaderTypeConverter() : ValueConverter<ReaderType, string>(
    value => value.Name(),
    name => ReaderTypes.Parse(name));
