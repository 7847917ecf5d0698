namespace MmsGateway.Relay.Capture;

/// <summary>A transcript that takes lines of our own beside the bytes of the dialogue: an outbound
/// capture records why a connection failed, not only "# session ended" (issue 13).</summary>
public interface ITranscriptNotes
{
    void Note(string text);
}
