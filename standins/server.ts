/**
 * The gRPC face of a stand-in: the `pulumirpc.ResourceProvider` service the engine speaks to
 * every resource plugin, answered by a {@link StandInProvider}. Accepts secrets (they come
 * back as secrets), does not create during preview (computed outputs are unknown there, as
 * with the real providers), and reports detailed diffs so `preview --diff` names each key.
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as plugproto from "@pulumi/pulumi/proto/plugin_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { diffInputs, type DiffKind } from "./diff";
import type { StandInProvider } from "./provider";
import type { Props } from "./values";

type Callback<T> = (err: grpc.ServiceError | null, value?: T) => void;
type Call<Req> = { request: Req };

const toJs = (s: structproto.Struct | undefined): Props => (s ? (s.toJavaScript() as Props) : {});
/** Struct cannot hold `undefined`: drop those keys on the way out. */
const toStruct = (v: Props): structproto.Struct => structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(v)));

const KINDS: Record<DiffKind, provproto.PropertyDiff.Kind> = {
  ADD: provproto.PropertyDiff.Kind.ADD,
  ADD_REPLACE: provproto.PropertyDiff.Kind.ADD_REPLACE,
  DELETE: provproto.PropertyDiff.Kind.DELETE,
  DELETE_REPLACE: provproto.PropertyDiff.Kind.DELETE_REPLACE,
  UPDATE: provproto.PropertyDiff.Kind.UPDATE,
  UPDATE_REPLACE: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** Run `fn` and answer the call with its result, or with its error as a gRPC status. */
function answer<T>(callback: Callback<T>, fn: () => T): void {
  try {
    callback(null, fn());
  } catch (e) {
    const err = e as Error;
    process.stderr.write(`${err.stack ?? err.message}\n`);
    callback({ code: grpc.status.UNKNOWN, details: err.message, message: err.message, name: err.name, metadata: new grpc.Metadata() });
  }
}

/** The service implementation for one provider process. */
export function resourceProviderService(p: StandInProvider): grpc.UntypedServiceImplementation {
  return {
    getPluginInfo: (_: unknown, cb: Callback<plugproto.PluginInfo>) => answer(cb, () => new plugproto.PluginInfo().setVersion(p.version)),
    getSchema: (_: unknown, cb: Callback<provproto.GetSchemaResponse>) =>
      answer(cb, () => new provproto.GetSchemaResponse().setSchema(JSON.stringify({ name: p.pkg.name, version: p.version }))),
    attach: (_: unknown, cb: Callback<emptyproto.Empty>) => answer(cb, () => new emptyproto.Empty()),
    cancel: (_: unknown, cb: Callback<emptyproto.Empty>) => answer(cb, () => new emptyproto.Empty()),
    checkConfig: (call: Call<provproto.CheckRequest>, cb: Callback<provproto.CheckResponse>) =>
      answer(cb, () => new provproto.CheckResponse().setInputs(toStruct(toJs(call.request.getNews())))),
    diffConfig: (call: Call<provproto.DiffRequest>, cb: Callback<provproto.DiffResponse>) =>
      answer(cb, () => {
        const req = call.request;
        // a provider's own config (region, credentials) changes in place
        const d = diffInputs(toJs(req.getOldInputs() ?? req.getOlds()), toJs(req.getNews()), { replace: [] });
        return new provproto.DiffResponse()
          .setChanges(d.changed.length > 0 ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
          .setDiffsList(d.changed);
      }),
    configure: (call: Call<provproto.ConfigureRequest>, cb: Callback<provproto.ConfigureResponse>) =>
      answer(cb, () => {
        const req = call.request;
        const variables = Object.fromEntries(req.getVariablesMap().toArray());
        p.configure(req.hasArgs() ? toJs(req.getArgs()) : variables);
        return new provproto.ConfigureResponse().setAcceptsecrets(true).setAcceptresources(true).setSupportspreview(false);
      }),
    invoke: (call: Call<provproto.InvokeRequest>, cb: Callback<provproto.InvokeResponse>) =>
      answer(cb, () => new provproto.InvokeResponse().setReturn(toStruct(p.invoke(call.request.getTok(), toJs(call.request.getArgs()))))),
    check: (call: Call<provproto.CheckRequest>, cb: Callback<provproto.CheckResponse>) =>
      answer(cb, () => {
        const req = call.request;
        return new provproto.CheckResponse().setInputs(
          toStruct(p.check(req.getUrn(), toJs(req.getOlds()), toJs(req.getNews()), Buffer.from(req.getRandomseed_asU8()).toString("hex"))),
        );
      }),
    diff: (call: Call<provproto.DiffRequest>, cb: Callback<provproto.DiffResponse>) =>
      answer(cb, () => {
        const req = call.request;
        const olds = req.hasOldInputs() ? toJs(req.getOldInputs()) : toJs(req.getOlds());
        const d = p.diff(req.getUrn(), olds, toJs(req.getNews()));
        const resp = new provproto.DiffResponse()
          .setChanges(d.changed.length > 0 ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE)
          .setDiffsList(d.changed)
          .setReplacesList(d.replaces)
          .setHasdetaileddiff(true);
        const detailed = resp.getDetaileddiffMap();
        for (const [key, kind] of Object.entries(d.detailed))
          detailed.set(key, new provproto.PropertyDiff().setKind(KINDS[kind]).setInputdiff(true));
        return resp;
      }),
    create: (call: Call<provproto.CreateRequest>, cb: Callback<provproto.CreateResponse>) =>
      answer(cb, () => {
        const { id, outs } = p.create(call.request.getUrn(), toJs(call.request.getProperties()));
        return new provproto.CreateResponse().setId(id).setProperties(toStruct(outs));
      }),
    read: (call: Call<provproto.ReadRequest>, cb: Callback<provproto.ReadResponse>) =>
      answer(cb, () => {
        const req = call.request;
        const resp = new provproto.ReadResponse().setId(req.getId()).setProperties(toStruct(toJs(req.getProperties())));
        return req.hasInputs() ? resp.setInputs(toStruct(toJs(req.getInputs()))) : resp;
      }),
    update: (call: Call<provproto.UpdateRequest>, cb: Callback<provproto.UpdateResponse>) =>
      answer(cb, () => {
        const req = call.request;
        return new provproto.UpdateResponse().setProperties(toStruct(p.update(req.getUrn(), req.getId(), toJs(req.getNews()))));
      }),
    delete: (_: unknown, cb: Callback<emptyproto.Empty>) => answer(cb, () => new emptyproto.Empty()),
  };
}

/** Serve on a loopback port and print it, as the engine expects of a plugin. */
export async function serve(p: StandInProvider): Promise<grpc.Server> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
  server.addService(provrpc.ResourceProviderService, resourceProviderService(p));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  process.stdout.write(`${port}\n`);
  return server;
}
