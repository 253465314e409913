/**
 * embed.js: put `<div data-aftercart-widget="https://…/embed/w/…"></div>` where a widget goes and load
 * this script once; it turns each such element into an iframe and keeps the iframe as tall as the
 * widget inside it. Heights are taken only from that iframe's own window and origin.
 */
const SCRIPT = `(function(){
var frames=[];
function mount(){var els=document.querySelectorAll("[data-aftercart-widget]:not([data-aftercart-mounted])");
for(var i=0;i<els.length;i++){var el=els[i];var src=el.getAttribute("data-aftercart-widget");var url;try{url=new URL(src,location.href)}catch(e){continue}
var f=document.createElement("iframe");f.src=url.href;f.title=el.getAttribute("data-title")||"Aftercart widget";f.loading="lazy";
f.style.cssText="display:block;width:100%;height:"+(el.getAttribute("data-height")||"160")+"px;border:0;color-scheme:normal";
el.setAttribute("data-aftercart-mounted","");el.appendChild(f);frames.push({frame:f,origin:url.origin})}}
window.addEventListener("message",function(e){var d=e.data;if(!d||d.type!=="aftercart:widget-height"||typeof d.height!=="number")return;
for(var i=0;i<frames.length;i++){var x=frames[i];if(x.frame.contentWindow===e.source&&x.origin===e.origin){x.frame.style.height=Math.min(Math.max(Math.ceil(d.height),40),4000)+"px"}}});
if(document.readyState==="loading")document.addEventListener("DOMContentLoaded",mount);else mount();
window.AftercartWidgets={mount:mount};
})();`;

export function GET(): Response {
  return new Response(SCRIPT, {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*" },
  });
}
