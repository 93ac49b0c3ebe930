using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pipeline.Validation;

/// <summary>The probe as a process: its start (host, arguments, a scrubbed environment, memory limit), its pipes and its end.</summary>
internal sealed partial class PdfProbe
{
    private ProcessStartInfo StartInfo(string path)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(_probePath);
        start.ArgumentList.Add(path);

        // The child parses hostile input: it gets only what the runtime needs, never the host's secrets, identity
        // endpoint or connection settings, agents or crash-dump settings.
        var inherited = start.Environment.ToArray();
        start.Environment.Clear();
        foreach (var (name, value) in inherited)
        {
            if (value is not null && InheritedVariables.Contains(name))
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["CORECLR_ENABLE_PROFILING"] = "0";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";

        // Every method stays at tier 0. A recursive parser method the runtime recompiles at tier 1 mid-walk gets another
        // frame size, so how deep a page tree fits on the parser stack would depend on when the background JIT got to
        // it: a 60,000-level tree overflowed on a loaded machine and opened on an idle one. At tier 0 the limit is the
        // same whatever the load (about 32,000 levels); the probe only reads structure, so tier 0 code is fast enough.
        start.Environment["DOTNET_TC_CallCounting"] = "0";
        if (_maxMemoryMegabytes > 0)
        {
            // GC settings in the environment are hexadecimal.
            start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)_maxMemoryMegabytes * 1024 * 1024).ToString("X", CultureInfo.InvariantCulture);
        }

        return start;
    }

    // The dotnet host running this process; else the one the SDK names (tests, MSBuild); else the one that owns
    // this runtime ({root}/shared/Microsoft.NETCore.App/{version}/: an apphost or the Functions native host runs us);
    // else dotnet on PATH.
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && string.Equals(Path.GetFileNameWithoutExtension(current), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var root = runtime is null ? null : Directory.GetParent(runtime)?.Parent?.Parent?.FullName;
        var owner = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return owner is not null && File.Exists(owner) ? owner : "dotnet";
    }

    private static string DefaultProbePath()
    {
        var location = typeof(PdfProbe).Assembly.Location;
        var directory = string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location) ?? AppContext.BaseDirectory;
        return Path.Combine(directory, AssemblyFileName);
    }

    // Whether the probe can read the stream's own file: a full path another reader may open, holding exactly the
    // stream's bytes (buffered writes flushed first).
    private static bool IsReadableInPlace(FileStream file, long length)
    {
        try
        {
            if (!Path.IsPathFullyQualified(file.Name))
            {
                return false;
            }

            if (file.CanWrite)
            {
                file.Flush();
            }

            using var handle = File.OpenHandle(file.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return RandomAccess.GetLength(handle) == length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return false;
        }
    }

    private static void CloseQuietly(StreamWriter input)
    {
        try
        {
            input.Close();
        }
        catch (IOException)
        {
            // The child already exited; its exit code tells the rest.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already gone.
        }
    }

    private static async Task WhenDrained(Task output, Task error)
    {
        try
        {
            await Task.WhenAll(output, error).WaitAsync(DrainTimeout);
        }
        catch (TimeoutException)
        {
            // A grandchild kept a pipe open; what was read so far is all there is.
        }
    }

    /// <summary>Reads a pipe to its end without blocking the writer, keeping at most a fixed number of bytes.</summary>
    private sealed class BoundedBuffer(int limit)
    {
        private readonly byte[] _kept = new byte[limit];
        private int _count;

        public async Task DrainAsync(Stream pipe)
        {
            var buffer = new byte[8192];
            try
            {
                int read;
                while ((read = await pipe.ReadAsync(buffer)) > 0)
                {
                    lock (_kept)
                    {
                        var keep = Math.Min(read, _kept.Length - _count);
                        buffer.AsSpan(0, keep).CopyTo(_kept.AsSpan(_count));
                        _count += keep;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The pipe broke or was closed: keep what was read.
            }
        }

        public string Text()
        {
            lock (_kept)
            {
                return Encoding.UTF8.GetString(_kept, 0, _count);
            }
        }
    }
}
