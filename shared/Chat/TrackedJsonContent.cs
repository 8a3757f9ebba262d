using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace CoP.Shared.Chat;

/// <summary>
/// A JSON body that knows whether its sending began: until then no byte of the post left, so a timeout or a failure
/// (a connect, a DNS lookup or a TLS handshake that never ends) means nothing was posted.
/// </summary>
internal sealed class TrackedJsonContent(string json) : HttpContent
{
    private readonly byte[] _bytes = Encoding.UTF8.GetBytes(json);
    private int _started;

    /// <summary>True once the body began to be written to the connection.</summary>
    public bool Started => Volatile.Read(ref _started) == 1;

    public static TrackedJsonContent Create(string json)
    {
        var content = new TrackedJsonContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _started, 1);
        await stream.WriteAsync(_bytes, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}
