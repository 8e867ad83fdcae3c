#!/usr/bin/env bash
# Prepares a real cluster for the cluster tier of e2e-tests: a Kind (default) or k3s cluster with
# the Drover images (operator, trainer, model server and router) loaded, the chart installed and
# PVCs holding the iris data set and the model bundles.
#
#   e2e-tests/cluster/setup.sh [kind|k3s]
#   DROVER_E2E_KUBECONFIG=$HOME/.kube/config ./mvnw -B -pl e2e-tests -am verify
#
# Needs docker, kind (or k3s), kubectl and helm on the PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
flavour=${1:-kind}
cluster=drover-e2e
version=0.1.0
operator_image=ghcr.io/drover-dev/drover-operator:$version
trainer_image=ghcr.io/drover-dev/drover-trainer:$version
serving_image=ghcr.io/drover-dev/drover-serving:$version

./mvnw -B -q -pl operator,trainer-image,serving-image -am package -DskipTests
docker build -f operator/src/main/docker/Dockerfile -t "$operator_image" .
docker build -f trainer-image/Dockerfile -t "$trainer_image" .
docker build -f serving-image/Dockerfile -t "$serving_image" .

case "$flavour" in
  kind)
    kind get clusters | grep -qx "$cluster" || kind create cluster --name "$cluster" --wait 120s
    kind load docker-image --name "$cluster" "$operator_image" "$trainer_image" "$serving_image"
    ;;
  k3s)
    for image in "$operator_image" "$trainer_image" "$serving_image"; do
      docker save "$image" | sudo k3s ctr images import -
    done
    ;;
  *) echo "usage: $0 [kind|k3s]" >&2; exit 2 ;;
esac

helm upgrade --install drover helm/drover -n drover-system --create-namespace \
  --set image.tag="$version" --set image.pullPolicy=Never \
  --set training.trainer.image="$trainer_image" \
  --set serving.image="$serving_image" \
  --set training.defaultOutputUri=pvc://drover-models \
  --wait --timeout 5m

kubectl create namespace drover-e2e --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -n drover-e2e -f e2e-tests/cluster/volumes.yaml
kubectl -n drover-e2e wait pod/data-loader --for=condition=Ready --timeout=120s
kubectl -n drover-e2e cp trainer-image/src/test/resources/data/iris.csv data-loader:/datasets/iris.csv
kubectl -n drover-e2e delete pod data-loader --wait=false
echo "ready: DROVER_E2E_KUBECONFIG=${KUBECONFIG:-$HOME/.kube/config} ./mvnw -B -pl e2e-tests -am verify"
