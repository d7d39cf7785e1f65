/**
 * The run console (#/run, #/run/RUN-ID): set up and start a run, then watch and steer it. The
 * run's id is in the address, so a reload or a tablet that slept comes back to the same run (the
 * event stream replays it from its start).
 */
import { navigate } from "../router";
import { RunConsole } from "../run/RunConsole";
import { RunSetup } from "../run/RunSetup";

export function RunPage({ id }: { id?: string | undefined }) {
  return (
    <>
      <h1>Run console</h1>
      {id ? (
        <RunConsole key={id} runId={id} onNewRun={() => navigate("run")} />
      ) : (
        <RunSetup onStarted={(runId) => navigate("run", runId)} />
      )}
    </>
  );
}
