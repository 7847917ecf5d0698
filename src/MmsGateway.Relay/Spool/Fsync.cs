using System.Runtime.InteropServices;

namespace MmsGateway.Relay.Spool;

/// <summary>fsync(2) of a directory, which .NET does not offer: a new segment's name is durable only
/// once its directory is synced (POSIX; ext4 happens to order it, XFS and others do not).
/// Files are synced with RandomAccess.FlushToDisk.</summary>
internal static class Fsync
{
    private const int ReadOnly = 0, DirectoryFlag = 0x10000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int SysFsync(int fd);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    public static void Directory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return;
        var fd = Open(path, ReadOnly | (OperatingSystem.IsLinux() ? DirectoryFlag : 0));
        if (fd < 0) throw new IOException($"open({path}) for fsync failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            if (SysFsync(fd) != 0) throw new IOException($"fsync({path}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
        finally { Close(fd); }
    }
}
