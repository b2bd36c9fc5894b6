namespace StudentCard.Central.Vault;

/// <summary>
/// A class (OneRoster class or section) a pupil is enrolled in, one row per active enrollment the roster gives;
/// with <see cref="Student.ClassName"/> these are the classes whose rules cover the pupil.
/// </summary>
public sealed class StudentClass
{
    public long StudentId { get; set; }

    /// <summary>The class title as in classes.csv (its sourcedId when the roster has no classes.csv).</summary>
    public required string Title { get; set; }
}
