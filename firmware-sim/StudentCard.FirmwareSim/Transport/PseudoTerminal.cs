using System.Runtime.InteropServices;
using System.Text;

namespace StudentCard.FirmwareSim.Transport;

/// <summary>
/// A raw-mode pseudo-terminal pair. The host opens the slave path like a serial port; the simulator
/// reads and writes the master. The slave stays open here too, so the master never sees a hang-up (EIO)
/// when the host closes and reopens the port.
/// </summary>
internal sealed unsafe class PseudoTerminal : IDisposable
{
    private readonly int _master;
    private readonly int _slave;
    private int _disposed;

    private PseudoTerminal(int master, int slave, string slavePath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
    }

    public string SlavePath { get; }

    public static PseudoTerminal Open()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The pseudo-terminal transport needs Linux; use --tcp elsewhere.");
        }

        var (master, slave) = OpenPair();
        try
        {
            MakeRaw(slave);
            var flags = LibC.Fcntl(master, LibC.FGetFl, 0);
            Check(flags < 0 ? -1 : LibC.Fcntl(master, LibC.FSetFl, flags | LibC.ONonBlock), "fcntl");
            return new PseudoTerminal(master, slave, NameOf(slave));
        }
        catch
        {
            LibC.Close(slave);
            LibC.Close(master);
            throw;
        }
    }

    /// <summary>Reads what the host wrote; 0 when nothing arrived within <paramref name="timeoutMs"/>.</summary>
    public int Read(Span<byte> buffer, int timeoutMs)
    {
        if (!WaitFor(LibC.PollIn, timeoutMs))
        {
            return 0;
        }

        fixed (byte* p = buffer)
        {
            var n = LibC.Read(_master, p, buffer.Length);
            if (n < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                return error is LibC.EAgain or LibC.EIntr ? 0 : throw new IOException($"read from pty failed (errno {error}).");
            }

            return (int)n;
        }
    }

    /// <summary>Writes every byte, waiting while the host's input queue is full.</summary>
    public void Write(ReadOnlySpan<byte> bytes, CancellationToken ct)
    {
        while (!bytes.IsEmpty)
        {
            ct.ThrowIfCancellationRequested();
            nint n;
            fixed (byte* p = bytes)
            {
                n = LibC.Write(_master, p, bytes.Length);
            }

            if (n < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                if (error is not (LibC.EAgain or LibC.EIntr))
                {
                    throw new IOException($"write to pty failed (errno {error}).");
                }

                WaitFor(LibC.PollOut, 100);
                continue;
            }

            bytes = bytes[(int)n..];
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            LibC.Close(_slave);
            LibC.Close(_master);
        }
    }

    private static (int Master, int Slave) OpenPair()
    {
        try
        {
            if (LibC.OpenPty(out var master, out var slave, 0, 0, 0) == 0)
            {
                return (master, slave);
            }
        }
        catch (EntryPointNotFoundException)
        {
            // glibc before 2.34 keeps openpty in libutil: fall through to the POSIX calls.
        }

        var fd = LibC.PosixOpenPt(LibC.ORdWr | LibC.ONoCtty);
        Check(fd, "posix_openpt");
        try
        {
            Check(LibC.GrantPt(fd), "grantpt");
            Check(LibC.UnlockPt(fd), "unlockpt");
            var name = stackalloc byte[256];
            Check(LibC.PtsNameR(fd, name, 256) == 0 ? 0 : -1, "ptsname_r");
            var path = Marshal.PtrToStringUTF8((nint)name)!;
            var slave = LibC.Open(path, LibC.ORdWr | LibC.ONoCtty);
            Check(slave, "open slave");
            return (fd, slave);
        }
        catch
        {
            LibC.Close(fd);
            throw;
        }
    }

    // Raw mode: no echo, no line discipline, no CR/LF translation, so bytes pass unchanged.
    private static void MakeRaw(int fd)
    {
        var termios = stackalloc byte[LibC.TermiosBufferSize];
        Check(LibC.TcGetAttr(fd, termios), "tcgetattr");
        LibC.CfMakeRaw(termios);
        Check(LibC.TcSetAttr(fd, LibC.TcsaNow, termios), "tcsetattr");
    }

    private static string NameOf(int slave)
    {
        var buffer = stackalloc byte[256];
        var error = LibC.TtyNameR(slave, buffer, 256);
        if (error != 0)
        {
            throw new IOException($"ttyname_r failed (errno {error}).");
        }

        return Encoding.UTF8.GetString(buffer, new ReadOnlySpan<byte>(buffer, 256).IndexOf((byte)0));
    }

    private bool WaitFor(short events, int timeoutMs)
    {
        var fd = new LibC.PollFd { Fd = _master, Events = events };
        var ready = LibC.Poll(&fd, 1, timeoutMs);
        return ready > 0 && (fd.Revents & events) != 0;
    }

    private static void Check(int result, string call)
    {
        if (result < 0)
        {
            throw new IOException($"{call} failed (errno {Marshal.GetLastPInvokeError()}).");
        }
    }
}
