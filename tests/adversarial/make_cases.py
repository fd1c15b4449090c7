#!/usr/bin/env python3
# Writes the adversarial corpus (cases/*.json) that test_adversarial runs. Edit the
# cases here and rerun `python3 tests/adversarial/make_cases.py`; the JSON files are
# what the test reads, so they are kept in the tree as well.
import json, os, copy
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, 'cases')
os.makedirs(out, exist_ok=True)
for f in os.listdir(out): os.remove(os.path.join(out,f))
SIM=["simulate","{dir}/simulation_config.json","--quiet"]
n=[0]
def case(name, about, exit, stderr=(), command=SIM, **kw):
    n[0]+=1
    d={"about":about, **kw, "command":command, "exit":exit}
    if stderr: d["stderr"]=list(stderr)
    json.dump(d, open(f"{out}/{name}.json","w"), indent=2)
    open(f"{out}/{name}.json","a").write("\n")
def sim(patch): return {"simulation_config.json": patch}
OUTSIDE="is outside the output folder"
# 1. outputs stay where they belong
case("out-spikes-over-config","spikes_file names the config itself, one folder up",1,
     ["simulation_config.json","output.spikes_file",OUTSIDE],patch=sim({"output":{"spikes_file":"../simulation_config.json"}}))
case("out-spikes-absolute","spikes_file is an absolute path to a file outside the run's folders",1,
     ["output.spikes_file",OUTSIDE],patch=sim({"output":{"spikes_file":"{dir}/../precious.txt"}}))
case("out-spikes-over-nodes","spikes_file climbs into the circuit and names its nodes file",1,
     ["output.spikes_file",OUTSIDE],patch=sim({"output":{"spikes_file":"../circuit/cells_nodes.h5"}}))
case("out-log-escapes-twice","log_file climbs out of the case folder",1,
     ["output.log_file",OUTSIDE],patch=sim({"output":{"log_file":"../../precious.txt"}}))
case("out-csv-escapes","spikes_file_csv names the node sets file",1,
     ["output.spikes_file_csv",OUTSIDE],patch=sim({"output":{"spikes_file_csv":"../node_sets.json"}}))
case("out-report-over-input","a report's file_name names the spike input",1,
     ["reports.soma_v.file_name",OUTSIDE],patch=sim({"reports":{"soma_v":{"file_name":"../inputs.h5"}}}))
case("out-report-named-spikes","a report called spikes.h5 would overwrite the spikes",1,
     ["reports.soma_v.file_name","is also written as output.spikes_file"],patch=sim({"reports":{"soma_v":{"file_name":"spikes.h5"}}}))
case("out-csv-same-as-log","the CSV copy and the log are one file",1,
     ["output.log_file","is also written as output.spikes_file_csv"],patch=sim({"output":{"spikes_file_csv":"run.txt","log_file":"run.txt"}}))
case("out-folder-is-circuit","the output folder is the circuit's folder and the spikes name its nodes file",1,
     ["output.spikes_file","is an input of this run"],patch=sim({"output":{"output_dir":"circuit","spikes_file":"cells_nodes.h5"}}),output="circuit")
case("out-folder-is-config-folder","the output folder is the config's own and the spikes file is the config",1,
     ["output.spikes_file","is an input of this run"],patch=sim({"output":{"output_dir":".","spikes_file":"simulation_config.json"}}),output=".")
case("out-log-manifest-variable","a log_file with a manifest variable is expanded inside the output folder",0,
     patch=sim({"manifest":{"$LOGS":"logs"},"output":{"log_file":"$LOGS/run.log"}}),creates=["output/logs/run.log","output/spikes.h5"])
case("out-log-undefined-variable","a log_file of $V, a variable nobody defined",1,
     ["output.log_file","uses $V, which the manifest does not define"],patch=sim({"output":{"log_file":"$V"}}))
case("out-report-variable-escape","a report file_name whose variable leads out of the folder",1,
     ["reports.soma_v.file_name",OUTSIDE],patch=sim({"manifest":{"$UP":".."},"reports":{"soma_v":{"file_name":"$UP/$UP/precious.txt"}}}))
case("out-symlink-escape","output/escape.h5 is a symbolic link to the spike input",1,
     ["output.spikes_file",OUTSIDE],patch=sim({"output":{"spikes_file":"escape.h5"}}),symlinks={"output/escape.h5":"../inputs.h5"})
case("out-folder-is-a-file","the output folder names an existing file",1,
     ["inputs.h5"],patch=sim({"output":{"output_dir":"inputs.h5","spikes_file":"s.h5"}}))
case("out-redirect-empty","--output with an empty folder name",2,["--output needs a folder"],
     command=["simulate","{dir}/simulation_config.json","--quiet","--output",""])
case("out-redirect-works","--output moves every output, the log and the report included",0,
     command=["simulate","{dir}/simulation_config.json","--quiet","--output","{dir}/elsewhere"],output="elsewhere",
     creates=["elsewhere/spikes.h5","elsewhere/log.txt","elsewhere/soma_v.h5"])
case("out-not-empty-no-overwrite","an output folder with files and overwrite_output_dir false",1,
     ["is not empty and output.overwrite_output_dir is false"],patch=sim({"output":{"overwrite_output_dir":False}}),
     write={"output/old_spikes.h5":"keep me"})
# 2. recursion and size
case("rec-config-names-itself","a simulation config whose network is itself",1,["cycle"],patch=sim({"network":"simulation_config.json"}))
case("rec-two-configs","two configs name each other as their circuit",1,["cycle","a.json","b.json"],
     write={"a.json":'{"network": "b.json", "run": {"tstop": 10}}',"b.json":'{"network": "a.json"}'},command=["simulate","{dir}/a.json","--quiet"])
case("rec-deep-list","a config that is 100,000 nested lists",1,["simulation_config.json:1","nested more than 64 levels deep"],
     write={"simulation_config.json":[["[",100000],["]",100000]]})
case("rec-deep-node-sets","a node sets file nested 200 objects deep",1,["node_sets.json:1","nested more than 64 levels deep"],
     write={"node_sets.json":[["{\"a\": ",200],"1",["}",200]]})
case("rec-deep-error-path","a deeply nested value where a number belongs (the error message must not dump it)",1,
     ["simulation_config.json","run.tstop","must be a number, got a list of 1 item(s)"],
     write={"simulation_config.json":['{"network": "circuit/circuit_config.json", "run": {"tstop": ',["[",60],["]",60],"}}"]})
laughs={"$A":"aaaaaaaaaa"}
prev="$A"
for c in "BCDEFGHIJ":
    laughs["$"+c]=("$"+prev[1:])*10 if False else (prev*10)
    prev="$"+c
case("rec-billion-laughs","manifest variables that each repeat the last ten times (10^10 characters)",1,
     ["simulation_config.json","expands to more than 4096 characters"],patch=sim({"manifest":laughs,"output":{"output_dir":"$J"}}))
case("rec-manifest-cycle","two manifest variables that name each other",1,["manifest.","cycle"],
     patch=sim({"manifest":{"$X":"$Y/a","$Y":"$X/b"}}))
case("rec-manifest-any-order","variables used before they are defined are expanded all the same",0,
     patch=sim({"manifest":{"$A_OUT":"$Z_ROOT/output","$Z_ROOT":"${configdir}"},"output":{"output_dir":"$A_OUT"}}),creates=["output/spikes.h5"])
case("size-declared-node-column","a chunked node column claiming 10^9 values that the file does not hold",1,
     ["cells_nodes.h5","/nodes/cells/0/x"],h5=[{"op":"declare","file":"circuit/cells_nodes.h5","dataset":"/nodes/cells/0/x","size":1e9,"fill":1.0}])
case("size-declared-spikes","a spikes file declaring 4e8 timestamps",1,
     ["inputs.h5","/spikes/inputs/timestamps"],h5=[{"op":"declare","file":"inputs.h5","dataset":"/spikes/inputs/timestamps","size":4e8,"fill":1.0},
                                                  {"op":"declare","file":"inputs.h5","dataset":"/spikes/inputs/node_ids","type":"u64","size":4e8,"fill":0}])
case("size-declared-edge-ids","an edge file declaring 10^10 source ids",1,
     ["inputs_to_cells_edges.h5","source_node_id"],h5=[{"op":"declare","file":"circuit/inputs_to_cells_edges.h5","dataset":"/edges/inputs_to_cells/source_node_id","type":"u64","size":1e10,"fill":0}])
case("size-nsteps-block","nsteps_block of 10^12",1,["run.nsteps_block","must be in [1, 1000000]"],patch=sim({"run":{"nsteps_block":1e12}}))
case("size-nsyns","an edge asking for 10^12 synapses placed by rule",1,["nsyns must be a whole number in [1, 10000]","1e+12"],
     write={"circuit/recurrent_edge_types.csv":"edge_type_id afferent_section_pos dynamics_params model_template\n301 0.5 expsyn.json expsyn\n"},
     h5=[{"op":"write","file":"circuit/recurrent_edges.h5","dataset":"/edges/recurrent/0/nsyns","values":[1e12,1e12]}])
case("size-long-run","a run that would take days: refused with the estimate",1,["hours","--long-run"],
     patch=sim({"run":{"tstop":5e7,"dL":0.1}}))
case("size-json-file-huge-number","a number too large for a double (1e999)",1,["simulation_config.json","number overflow parsing '1e999'"],
     write={"simulation_config.json":'{"network": "circuit/circuit_config.json", "run": {"tstop": 1e999}}'})
# 3. numbers that cannot be meant
def delay(vals): return [{"op":"write","file":"circuit/recurrent_edges.h5","dataset":"/edges/recurrent/0/delay","values":vals}]
case("num-delay-1e20","an edge delay of 10^20 ms",1,["recurrent","delay must be in (0, 1e+09] ms, got 1e+20"],h5=delay([1e20,1.0]))
case("num-delay-inf","an edge delay of infinity",1,["recurrent","delay"],h5=delay(["inf",1.0]))
case("num-delay-zero","an edge delay of 0 ms",1,["recurrent","delay must be in (0, 1e+09] ms, got 0"],h5=delay([0.0,1.0]))
case("num-delay-nan","an edge delay of NaN",1,["recurrent","delay"],h5=delay(["nan",1.0]))
case("num-tstop-string-inf","tstop given as the string \"inf\"",1,["run.tstop","must be a number, got the string \"inf\""],patch=sim({"run":{"tstop":"inf"}}))
case("num-tstop-string-number","tstop given as the string \"20\"",1,["run.tstop","write numbers without quotes"],patch=sim({"run":{"tstop":"20"}}))
case("num-dt-tiny","dt of 10^-12 ms",1,["run.dt","must be in [1e-05, 10] ms, got 1e-12"],patch=sim({"run":{"dt":1e-12}}))
case("num-dt-negative","dt of -0.1 ms",1,["run.dt","must be in [1e-05, 10] ms, got -0.1"],patch=sim({"run":{"dt":-0.1}}))
case("num-tstop-huge","tstop of 10^12 ms",1,["run.tstop","must be in [0, 1e+09] ms, got 1e+12"],patch=sim({"run":{"tstop":1e12}}))
case("num-tstop-negative","tstop of -5 ms",1,["run.tstop","must be in [0, 1e+09] ms"],patch=sim({"run":{"tstop":-5}}))
case("num-steps-too-many","tstop and dt that make 10^13 steps",1,["run.tstop","steps; at most 1e+10 are allowed"],patch=sim({"run":{"tstop":1e8,"dt":1e-5}}))
case("num-report-dt-outside","a report dt longer than the run",1,["reports.soma_v.dt","must be in [0.025, 20] ms"],patch=sim({"reports":{"soma_v":{"dt":1e6}}}))
case("num-report-dt-not-multiple","a report dt that is not a multiple of run.dt",1,["reports.soma_v.dt","whole multiple of run.dt"],patch=sim({"reports":{"soma_v":{"dt":0.03}}}))
case("num-report-start-after-run","a report that starts after tstop",1,["reports.soma_v.start_time","must be in [0, 20] ms"],patch=sim({"reports":{"soma_v":{"start_time":100}}}))
case("num-report-end-after-run","a report ending after tstop: warned, ends at tstop",0,["reports.soma_v.end_time","the report ends at 20 ms"],patch=sim({"reports":{"soma_v":{"end_time":100}}}),creates=["output/soma_v.h5"])
case("num-spike-threshold-nan","spike_threshold as the string \"NaN\"",1,["run.spike_threshold","must be a number, got the string \"NaN\""],patch=sim({"run":{"spike_threshold":"NaN"}}))
case("num-clamp-amp-string","a clamp amplitude as a string",1,["inputs.step.amp","must be a number, got the string"],patch=sim({"inputs":{"step":{"amp":"0.3"}}}))
case("num-clamp-delay-negative","a clamp starting at -5 ms",1,["inputs.step.delay","must be in [0, 1e+09] ms"],patch=sim({"inputs":{"step":{"delay":-5}}}))
case("num-clamp-pos-outside","a clamp at section_pos 3",1,["inputs.step.section_pos","must be in [0, 1]"],patch=sim({"inputs":{"step":{"section_pos":3}}}))
case("num-celsius-absurd","celsius of 10^9",1,["conditions.celsius","must be in [-20, 60]"],patch=sim({"conditions":{"celsius":1e9}}))
case("num-v-init-string","v_init as a string",1,["conditions.v_init","must be a number, got the string"],patch=sim({"conditions":{"v_init":"-65"}}))
case("num-dL-tiny","dL of 10^-9 um (billions of compartments)",1,["run.dL","must be in [0.1, 100000]"],patch=sim({"run":{"dL":1e-9}}))
case("num-erev-string","a synapse reversal potential written as a string (was ignored: inhibitory turned excitatory)",1,
     ["expsyn.json","erev","must be a number, got the string \"-80\""],patch={"models/expsyn.json":{"erev":"-80"}})
case("num-synapse-tau-negative","a synapse with a negative time constant",1,["expsyn.json","tau","must be in [0.001, 100000] ms"],patch={"models/expsyn.json":{"tau":-2}})
case("num-node-id-uint64","a node set with the largest uint64 id, printed in full",1,["18446744073709551615"],
     patch={"node_sets.json":{"first":{"node_id":[18446744073709551615]}}})
case("num-section-pos-outside","afferent_section_pos of 7",1,["recurrent","afferent_section_pos must be in [0, 1], got 7"],
     h5=[{"op":"write","file":"circuit/recurrent_edges.h5","dataset":"/edges/recurrent/0/afferent_section_pos","values":[7.0,0.5]}])
case("num-method-word","run.method names no integrator",1,["simulation_config.json","run.method","must be ie (implicit Euler) or cn (Crank-Nicolson), got 'rk4'"],
     patch=sim({"run":{"method":"rk4"}}))
case("num-method-cn","run.method cn runs Crank-Nicolson",0,patch=sim({"run":{"method":"cn"}}),creates=["output/spikes.h5"])
case("num-model-ra-string","a model's axial resistance as a string",1,["ballstick.json","passive.ra","must be a number, got the string"],
     patch={"models/ballstick.json":{"passive":[{"ra":"100"}]}})
# 4. nothing ignored without a word
case("key-run-dT","run.dT instead of dt: warned with the suggestion, the run goes on",0,
     ["simulation_config.json","run.dT: unknown key, ignored (did you mean 'dt'?)"],patch=sim({"run":{"dT":0.1}}),creates=["output/spikes.h5"])
case("key-top-reprots","a misspelt top-level section",0,["reprots: unknown key, ignored (did you mean 'reports'?)"],patch=sim({"reprots":{}}))
case("key-output-spike-file","output.spike_file instead of spikes_file",0,["output.spike_file: unknown key, ignored (did you mean 'spikes_file'?)"],
     patch=sim({"output":{"spike_file":"x.h5"}}))
case("key-model-genom","a model file with 'genom'",0,["ballstick.json","genom: unknown key, ignored (did you mean 'genome'?)"],patch={"models/ballstick.json":{"genom":[]}})
case("key-synapse-tau-2","a synapse file with tau_2",0,["expsyn.json","tau_2: unknown key, ignored (did you mean 'tau2'?)"],patch={"models/expsyn.json":{"tau_2":3}})
case("key-circuit-config-unknown","a circuit config with a key nobody reads",0,["circuit_config.json","componets: unknown key, ignored (did you mean 'components'?)"],
     patch={"circuit/circuit_config.json":{"componets":{}}})
case("key-cannot-honour-calcium","extracellular_calcium, which the engine cannot honour",1,["conditions.extracellular_calcium","no calcium dependence"],
     patch=sim({"conditions":{"extracellular_calcium":1.2}}))
case("key-cannot-honour-node-set","a top-level node_set (simulate a subset)",1,["node_set","not supported"],patch=sim({"node_set":"first"}))
case("key-cannot-honour-report-type","a summation report",1,["reports.soma_v.type","only compartment reports"],patch=sim({"reports":{"soma_v":{"type":"summation"}}}))
case("key-list-for-object","run given as a list",1,["simulation_config.json","run","must be an object, got a list"],patch=sim({"run":[1,2]}))
case("key-inputs-list","inputs given as a list",1,["inputs","must be an object of named inputs"],patch=sim({"inputs":[]}))
def spikes_only(pop):
    return [{"op":"remove","file":"inputs.h5","dataset":"/spikes/inputs"},
            {"op":"write","file":"inputs.h5","dataset":f"/spikes/{pop}/timestamps","values":[1.0,2.0]},
            {"op":"write","file":"inputs.h5","dataset":f"/spikes/{pop}/node_ids","type":"u64","values":[0,1]}]
case("spk-population-by-name","a spikes file whose only population is not the node set's",1,
     ["inputs.h5","/spikes: has no population 'inputs' (it holds 'other')"],h5=spikes_only("other"))
case("spk-negative-time","a spike input with a negative time",1,["inputs.h5","/spikes/inputs/timestamps","-1"],
     h5=[{"op":"write","file":"inputs.h5","dataset":"/spikes/inputs/timestamps","values":[-1.0,4.0,6.0,8.0]}])
case("spk-node-outside-population","a spike input for node 99 of a 4-node population",1,["node id 99 is outside population 'inputs' (4 nodes)"],
     h5=[{"op":"write","file":"inputs.h5","dataset":"/spikes/inputs/node_ids","type":"u64","values":[0,1,2,99]}])
case("spk-aimed-at-cells","a spike input aimed at biophysical nodes",1,["is a cell, not a virtual node"],
     patch={"node_sets.json":{"virtual":{"population":"cells"}}},h5=spikes_only("cells"))
case("spk-outside-node-set","spikes of nodes the node set leaves out: warned",0,["2 of 4 nodes with spikes are not in node set 'virtual'"],
     patch={"node_sets.json":{"virtual":{"population":"inputs","node_id":[0,1]}}})
case("set-clamp-selects-nothing","a clamp whose node set selects no node",1,["input 'step'","selects no cell"],
     patch={"node_sets.json":{"first":{"population":"cells","layer":99}}})
case("set-report-virtual","a report over a virtual population",1,["report 'soma_v'","is virtual"],patch=sim({"reports":{"soma_v":{"cells":"virtual"}}}))
case("set-report-selects-nothing","a report whose node set selects nothing",1,["report 'soma_v'","selects no node"],
     patch={"simulation_config.json":{"reports":{"soma_v":{"cells":"nobody"}},"node_sets":{"nobody":{"population":"cells","layer":99}}}})
case("edge-file-twice","the same edge file listed twice in the circuit config",1,["inputs_to_cells_edges.h5"],
     patch={"circuit/circuit_config.json":{"networks":{"edges":[{"edges_file":"$BASE_DIR/inputs_to_cells_edges.h5"},{"edges_file":"$BASE_DIR/inputs_to_cells_edges.h5"}]}}})
case("edge-section-id-fraction","an afferent_section_id of 1.5",1,["afferent_section_id"],
     h5=[{"op":"write","file":"circuit/recurrent_edges.h5","dataset":"/edges/recurrent/0/afferent_section_id","values":[1.5,1.0]}])
case("node-position-nan","a NaN soma position",1,["cells_nodes.h5","/nodes/cells/0/x"],
     h5=[{"op":"write","file":"circuit/cells_nodes.h5","dataset":"/nodes/cells/0/x","values":["nan",30.0,60.0,90.0]}])
case("swc-no-samples","an SWC file with no samples: warned",0,["cell.swc: warning: holds no samples"],write={"cell.swc":"# a header and nothing else\n"},command=["info","{dir}/cell.swc"])
case("swc-overflowing-coordinates","SWC coordinates whose length overflows",1,["cell.swc"],
     write={"cell.swc":"1 1 0 0 0 5 -1\n2 3 1e308 1e308 1e308 1 1\n3 3 -1e308 -1e308 -1e308 1 2\n"},command=["info","{dir}/cell.swc"])
# 5. user errors are user errors
case("arg-threads-word","--threads abc",2,["--threads must be a number"],command=["simulate","{dir}/simulation_config.json","--threads","abc"])
case("arg-threads-negative","--threads -1",2,["--threads must be a number in [0, 1024]"],command=["simulate","{dir}/simulation_config.json","--threads","-1"])
case("arg-threads-before-files","--threads checked before the missing config is read",2,["--threads"],
     command=["simulate","{dir}/missing.json","--threads","x"])
case("arg-threads-fraction","--threads 1.5",2,["--threads must be a whole number"],command=["simulate","{dir}/simulation_config.json","--threads","1.5"])
case("arg-missing-config","a config that does not exist",1,["missing.json","no such file"],command=["simulate","{dir}/missing.json"])
case("arg-info-directory","info on a folder",1,["is a directory"],command=["info","{dir}/circuit"])
case("arg-build-empty-output","lamina build -o with an empty name",2,["-o"],base="recipe",command=["build","{dir}/recipe.json","-o",""])
case("h5-long-fixed-strings","fixed-length strings longer than 16 bytes are read (a valid file)",0,
     h5=[{"op":"write","file":"circuit/cells_nodes.h5","dataset":"/nodes/cells/0/model_template","type":"string","fixed":40,
          "values":["ctdb:Biophys1.hoc"]*4}],creates=["output/spikes.h5"])
case("ok-base-runs","the unmodified base circuit runs (the corpus's control case)",0,creates=["output/spikes.h5","output/soma_v.h5","output/log.txt"])
# the builder and the demo writer
R=json.load(open(os.path.join(here, 'small_recipe.json')))
def recipe_with(f):
    x=copy.deepcopy(R); f(x); return {"recipe.json": x}
BUILD=["build","{dir}/recipe.json","-o","{dir}/column","--quiet"]
def bcase(name, about, exit, stderr, mutate, **kw):
    case(name, about, exit, stderr, base="recipe", command=BUILD, output="column", write={"recipe.json": json.dumps(recipe_with(mutate)["recipe.json"], indent=2)}, **kw)
bcase("build-velocity-tiny","a conduction velocity of 1e-300 um/ms",1,["recipe.json","pathways[0].conduction_velocity","must be in [1, 100000] µm/ms, got 1e-300"],
      lambda x: x['pathways'][0].__setitem__('conduction_velocity',1e-300))
bcase("build-delay-zero","a synaptic delay of 0 ms (the simulator refuses delay 0 edges)",1,["pathways[0].synaptic_delay","must be in [0.025, 1000] ms, got 0"],
      lambda x: x['pathways'][0].__setitem__('synaptic_delay',0))
bcase("build-tau-negative","a synapse with a negative decay time",1,["pathways[0].synapse.tau2","got -3"],
      lambda x: x['pathways'][0]['synapse'].__setitem__('tau2',-3))
bcase("build-density-negative","a negative cell density",1,["cell_types[0].density","got -5"],
      lambda x: x['cell_types'][0].__setitem__('density',-5))
bcase("build-weight-string","a weight written as a string",1,["pathways[0].weight","must be a number"],
      lambda x: x['pathways'][0].__setitem__('weight',"0.5"))
bcase("build-rate-absurd","an input rate of 1e9 Hz",1,["drive.rate","must be in [0, 1000] Hz, got 1e+09"],
      lambda x: x['drive'].__setitem__('rate',1e9))
case("build-force-keeps-user-file","--force over a column whose morphologies/ holds a user's file",1,
     ["morphologies/mine.swc","not part of a built column"],base="recipe",before=[BUILD],write={"column/morphologies/mine.swc":"1 1 0 0 0 5 -1\n"},
     command=BUILD+["--force"],output="none")
case("build-force-rebuilds","--force over a column a build wrote replaces it",0,[],base="recipe",before=[BUILD],
     command=BUILD+["--force"],creates=["column/.lamina-build-manifest.json","column/circuit_config.json"])
case("build-manifest-escape","a build manifest listing a file outside the column",1,["../../precious.txt"],base="recipe",before=[BUILD],
     patch={"column/.lamina-build-manifest.json":{"files":["../../precious.txt"]}},command=BUILD+["--force"],output="none")
case("build-foreign-folder","a folder holding a user's notes and no build",1,["notes.txt"],base="recipe",
     write={"column/notes.txt":"mine\n"},command=BUILD,output="none")
case("build-seed-word","--seed abc",2,["--seed must be a number"],base="recipe",command=BUILD+["--seed","abc"])
case("demo-output-is-edges","simulate-demo --output naming its own --edges file",1,["is the --edges file; it would be overwritten"],
     base="recipe",command=["simulate-demo","--edges","{dir}/recipe.json","--output","{dir}/recipe.json"])
case("demo-sonata-foreign-folder","simulate-demo --write-sonata into a folder with a user's file",1,["holds notes.txt, which the demo does not write"],
     base="none",write={"demo/notes.txt":"mine\n"},command=["simulate-demo","--write-sonata","{dir}/demo","--cells","30"],output="none")
case("demo-timing-word","simulate-demo --timing sometimes",2,["--timing must be neuron or interpolated"],base="none",command=["simulate-demo","--timing","sometimes"])
case("demo-csv-delay-huge","an edge CSV with a delay of 1e20 ms",1,["edges.csv:2","delay must be in (0, 1e+09] ms, got 1e20"],base="none",
     write={"edges.csv":"source,target,weight_uS,delay_ms\n0,1,0.001,1e20\n"},
     command=["simulate-demo","--cells","30","--tstop","10","--quiet","--edges","{dir}/edges.csv","--output","{dir}/output/spikes.csv"])
case("demo-csv-event-time-huge","an input CSV with an event at 1e300 ms",1,["inputs.csv:3","time must be in [0, 1e+09] ms, got 1e300"],base="none",
     write={"inputs.csv":"target,time_ms\n0,5\n1,1e300\n"},
     command=["simulate-demo","--cells","30","--tstop","10","--quiet","--inputs","{dir}/inputs.csv","--output","{dir}/output/spikes.csv"])
# libhdf5 itself crashing, looping or asking for gigabytes on a damaged file
# (tests/fuzz/upstream-hdf5): the file is read in lamina-h5check first and refused there.
UP="fuzz/upstream-hdf5/"
DAMAGED="damaged HDF5 file"
case("h5lib-crash-edges","an edge file whose global heap makes libhdf5 copy past its end",1,
     ["recurrent_edges.h5","/edges/recurrent/target_node_id@node_population",DAMAGED,"libhdf5 crashed reading it"],
     copy={"circuit/recurrent_edges.h5":UP+"global-heap-object-overflow.h5"})
case("h5lib-alloc-spikes","a spike input whose attribute makes libhdf5 ask for 21.5 GB",1,
     ["inputs.h5",DAMAGED,"libhdf5 asked for 21474836488 bytes (21.5 GB) of memory at once"],
     copy={"inputs.h5":UP+"vlen-attribute-21gb-malloc.h5"})
case("h5lib-hang-nodes","a nodes file whose heap makes libhdf5 loop forever",1,
     ["cells_nodes.h5",DAMAGED,"libhdf5 made no progress for 10 s reading it"],
     copy={"circuit/cells_nodes.h5":UP+"global-heap-protect-hang.h5"})
case("h5lib-crash-morphology","lamina info on an HDF5 file that crashes libhdf5",1,
     ["cell.h5","/report/cells/data@units",DAMAGED,"libhdf5 crashed reading it (SEGV in H5HG_read)"],base="none",
     copy={"cell.h5":UP+"global-heap-read-segv.h5"},command=["info","{dir}/cell.h5"])
print(n[0], "cases written to", out)
