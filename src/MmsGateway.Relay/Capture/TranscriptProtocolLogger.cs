using MailKit;

namespace MmsGateway.Relay.Capture;

/// <summary>An outbound session's transcript, fed by MailKit. We are the client here.</summary>
internal sealed class TranscriptProtocolLogger(TranscriptWriter transcript) : IProtocolLogger, ITranscriptNotes
{
    // We never authenticate outbound; were it added, MailKit would mark the secret for redaction here.
    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    public void LogConnect(Uri uri) => transcript.Note($"connected to {uri.Host}:{uri.Port}");

    public void Note(string text) => transcript.Note(text);

    public void LogClient(byte[] buffer, int offset, int count) => transcript.Client(buffer.AsSpan(offset, count));

    public void LogServer(byte[] buffer, int offset, int count) => transcript.Server(buffer.AsSpan(offset, count));

    public void Dispose() => transcript.Dispose();
}
