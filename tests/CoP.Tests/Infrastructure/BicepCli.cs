using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CoP.Tests.Infrastructure;

/// <summary>
/// The Bicep CLI of the pinned NuGet package (Azure.Bicep.CommandLine.linux-x64), run as a child process.
/// Every command passes --no-restore: the templates use local modules only, and tests must not reach registries.
/// </summary>
public static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Why the CLI cannot run on this machine, or null when it can.</summary>
    public static string? UnavailableReason =>
        OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64
            ? null
            : "The pinned Bicep CLI package is the linux-x64 build; these checks run on Linux x64 (as CI does).";

    public static async Task<BicepRun> RunAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ExecutablePath())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepRun($"bicep {string.Join(' ', arguments)}", process.ExitCode, await standardOutput, await standardError);
    }

    private static string ExecutablePath()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepPath").Value!;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{path} is missing: restore tests/CoP.Tests (dotnet restore) first.");
        }

        // NuGet extracts package files without their execute bit on some machines.
        if (OperatingSystem.IsLinux())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return path;
    }
}

/// <summary>The outcome of one CLI command. Diagnostics ("file(line,col) : Warning|Error code: message") go to stderr.</summary>
public sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    public IReadOnlyList<string> Diagnostics =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal) || line.Contains(" : Error ", StringComparison.Ordinal))
            .ToList();

    public override string ToString() => $"{Command} exited with {ExitCode}.{Environment.NewLine}{StandardError}";
}
