namespace MmsConsole.Web.Live;

/// <summary>An observer from a delegate, for the relay's event feeds (which never complete or fail
/// while the host runs).</summary>
internal sealed class Observer<T>(Action<T> next) : IObserver<T>
{
    public void OnNext(T value) => next(value);

    public void OnError(Exception error) { }

    public void OnCompleted() { }
}
