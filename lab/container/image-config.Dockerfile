# Image configuration for the container lab base (applied by build-image.sh on top of the
# filesystem it imported; no files are added here). Docker 20.10 `import --change` cannot set
# STOPSIGNAL, hence this step.
ARG BASE
FROM ${BASE}
ARG RECIPE
LABEL org.lvs-cluster.lab.recipe=${RECIPE}
ENV container=docker
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
