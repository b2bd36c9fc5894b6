using System.Runtime.InteropServices;

namespace StudentCard.Central.Messaging.Mosquitto;

/// <summary>Asks a running Mosquitto to re-read its password and ACL files: SIGHUP to the pid in its pid file.</summary>
internal static class MosquittoReload
{
    private const int SigHup = 1;

    /// <summary>False when there is no pid file, no such process, or the platform has no signals.</summary>
    public static bool TrySignal(string pidFile)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() || !File.Exists(pidFile))
        {
            return false;
        }
        return int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid) && pid > 1 && Kill(pid, SigHup) == 0;
    }

    // DllImport rather than LibraryImport: the generated stub would need unsafe code for one blittable call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
