namespace StudentCard.Core;

/// <summary>The permissions of what only the program's own account may read: key files, stores, outboxes (0600, folders 0700).</summary>
public static class OwnerOnlyModes
{
    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode Folder = File | UnixFileMode.UserExecute;
}
