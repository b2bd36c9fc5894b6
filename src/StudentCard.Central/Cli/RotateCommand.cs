using System.CommandLine;
using StudentCard.Central.Keys;

namespace StudentCard.Central.Cli;

/// <summary>
/// "keys rotate": runs <see cref="KeyRotation"/> against Central's stores and key file from the
/// command line. It runs only while Central is stopped (agents keep deciding taps from their local
/// lists meanwhile); Central announces the new allow-list versions when it starts, and the
/// operator re-exports the agents' key files with "keys export-reader --replace true".
/// </summary>
public static class RotateCommand
{
    public static Command Create()
    {
        var purpose = CliOptions.Purpose();
        var complete = new Option<bool>("--complete") { Description = "Complete the rotation begun earlier (once every agent holds the new key file)." };
        var rotate = new StoreCommand("rotate", "Begin (or complete) a purpose key rotation; refused while Central runs.", centralStopped: true) { purpose, complete };
        rotate.SetStoreAction(async (parsed, services, cancellationToken) =>
        {
            var type = parsed.GetValue(purpose);
            var completing = parsed.GetValue(complete);
            var rotation = services.Get<KeyRotation>();
            // Deriving every card's new pseudonym from the vault takes a while on a large roster; say what is under way.
            CliOptions.Error(parsed).WriteLine(completing
                ? $"Removing the {type.Name()} entitlements of older key versions..."
                : $"Deriving the {type.Name()} entitlements under the new key version from the vault...");
            var result = completing ? await rotation.CompleteAsync(type, cancellationToken) : await rotation.BeginAsync(type, cancellationToken);
            CliOptions.Out(parsed).WriteLine(completing
                ? $"Completed the {type.Name()} key rotation: version {result.KeyVersion} only, {result.Entitlements} old entitlements removed, allow-list version {result.AllowListVersion}."
                : $"Began the {type.Name()} key rotation: version {result.KeyVersion}, {result.Entitlements} entitlements derived, allow-list version {result.AllowListVersion}. " +
                  $"Re-export the {type.Name()} agents' key files (keys export-reader --replace true), then run keys rotate --complete true.");
            return CliExit.Ok;
        });
        return rotate;
    }
}
