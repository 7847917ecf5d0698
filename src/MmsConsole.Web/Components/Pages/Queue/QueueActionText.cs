using MmsConsole.Web.Actions;

namespace MmsConsole.Web.Components.Pages.Queue;

/// <summary>What a queue action will do, said in the confirmation before it is done (page and drawer alike).</summary>
public static class QueueActionText
{
    public static string Describe(QueueAction action, string scope) => action switch
    {
        QueueAction.Flush => $"Deliver {scope} now.",
        QueueAction.Hold => $"Park {scope}: never attempted, never expired, until released.",
        QueueAction.Release => $"Release {scope}: due now; a lifetime that ran out while held starts again.",
        QueueAction.Bounce => $"Fail {scope} now, with a delivery status notification to each sender. The reason is sent to them.",
        _ => $"Delete {scope} without delivery and without notice. This cannot be undone.",
    };
}
