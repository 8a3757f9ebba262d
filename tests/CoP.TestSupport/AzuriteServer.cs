using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CoP.TestSupport;

/// <summary>
/// A real Azurite (blob, queue and table services) in a child process: in-memory, on free loopback ports,
/// with the API version check off (current SDKs send versions newer than Azurite knows). Started from the
/// repository's pinned npm package (<c>npm ci</c> installs it).
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    // The well-known development account of the storage emulators; not a secret.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly StringBuilder _output;

    private AzuriteServer(Process process, StringBuilder output, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        _output = output;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public static async Task<AzuriteServer> StartAsync(TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var root = RepositoryRoot.Find();
        var entryPoint = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(entryPoint))
        {
            throw new InvalidOperationException($"Azurite is not installed at {entryPoint}. Run `npm ci` in {root} first.");
        }

        var (blobPort, queuePort, tablePort) = FreePorts();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = root,
        };
        foreach (var argument in new[]
        {
            entryPoint, "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException("Could not start node for Azurite.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new AzuriteServer(process, output, blobPort, queuePort, tablePort);
        try
        {
            await server.WaitUntilListeningAsync(startTimeout ?? TimeSpan.FromSeconds(60), cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}:\n{Output()}");
                }

                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                    break;
                }
                catch (SocketException)
                {
                    await Task.Delay(100, deadline.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"Azurite did not listen on port {port} within {timeout}:\n{Output()}");
                }
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static (int Blob, int Queue, int Table) FreePorts()
    {
        // Hold all three listeners open until the three ports are known, so they are distinct.
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
            {
                listener.Start();
            }

            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
                listener.Dispose();
            }
        }
    }
}
